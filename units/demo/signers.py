"""Who signs the demo units' documents."""

from ..models import Person, Signer, Unit
from ._common import ROOT_CODE

# Who signs the demo units' documents (issue 9, point 2): (person key, unit code, position,
# order). Documents print these names; the secretariat edits them under "Người ký".
SIGNERS = (
    ("chairman", ROOT_CODE, "Chủ tịch", 1),
    ("council_vice", ROOT_CODE, "Phó Chủ tịch", 2),
    ("council_standing", "so-noi-vu", "Giám đốc", 1),
    ("council", "so-tai-chinh", "Giám đốc", 1),
    ("council_06", "van-phong-ubnd", "Chánh Văn phòng", 1),
    ("unithead", "xa-binh-son", "Chủ tịch", 1),
)


def _create_signers(fixed: dict[str, Person], units: dict[str, Unit]) -> int:
    for key, unit_code, position, order in SIGNERS:
        Signer.objects.create(
            unit=units[unit_code],
            full_name=fixed[key].full_name,
            position=position,
            sort_order=order,
        )
    return len(SIGNERS)
