"""Province-scale data for benchmarks and drills (``manage.py seed_province``): ten years of
the award archive. Each year every commune-level unit and provincial body issues its own
decision for the grassroots titles (Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao
động tiên tiến, Giấy khen), the chairman of the provincial People's Committee about sixty
decisions for the provincial awards, and the central level a few. About a million grants
spread over the registry with the shares a province sees: most are grassroots titles, one
in twenty a Bằng khen, very few State awards. Rows are streamed with COPY from one
``random.Random``: the same seed gives the same archive.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date

from django.db import connection

from units.demo._common import ROOT_CODE
from units.models import COMMUNE_LEVEL_KINDS, Person, Unit, UnitKind
from units.scale import SCALE_CODE_PREFIX, copy_rows

from .codes import ALPHABET, LENGTH, grouped
from .models import (
    Authority,
    Award,
    AwardGrant,
    CommendationKind,
    Decision,
    RecipientClass,
    SubjectKind,
)
from .services import cash_amount

ProgressFn = Callable[[int, int], None]  # (done, of)
SCALE_SUMMARY = f"Dữ liệu mô phỏng quy mô tỉnh ({SCALE_CODE_PREFIX.rstrip('-')})"
PROVINCIAL_DECISIONS_PER_YEAR = 60
# Numbers of the invented decisions, far from the demo's own registers.
LOCAL_NUMBER, PROVINCE_NUMBER, CENTRAL_NUMBER = 900, 3000, 8000
CENTRAL_DECISIONS_PER_YEAR = 6
# Award code → (share of the grants, who receives it). Grassroots titles dominate.
AWARD_SHARES = {
    "LDTT": (0.52, SubjectKind.INDIVIDUAL),
    "CSTDCS": (0.09, SubjectKind.INDIVIDUAL),
    "GK": (0.17, SubjectKind.INDIVIDUAL),
    "TTLDTT": (0.07, SubjectKind.COLLECTIVE),
    "THON_VH": (0.03, SubjectKind.COLLECTIVE),
    "BK_TINH": (0.06, SubjectKind.INDIVIDUAL),
    "CSTD_TINH": (0.015, SubjectKind.INDIVIDUAL),
    "TTLDXS": (0.01, SubjectKind.COLLECTIVE),
    "CONG_DAN_TB": (0.002, SubjectKind.INDIVIDUAL),
    "CO_TINH": (0.001, SubjectKind.COLLECTIVE),
    "BK_TTG": (0.003, SubjectKind.INDIVIDUAL),
    "HC_LD_3": (0.001, SubjectKind.INDIVIDUAL),
}
LOCAL_AUTHORITIES = (Authority.UNIT_HEAD, Authority.COMMUNE_CHAIRMAN)
LEADER_WORDS = ("Trưởng phòng", "Phó Trưởng phòng", "Giám đốc", "Phó Giám đốc")


def _code(rng: random.Random) -> str:
    return grouped("".join(rng.choice(ALPHABET) for _ in range(LENGTH)))


def _recipient_class(position: str, direct: bool) -> str:
    if direct:
        return RecipientClass.DIRECT_WORKER
    if position.startswith(LEADER_WORDS):
        return RecipientClass.OTHER_LEADER
    return ""


def add_archive(
    rng: random.Random,
    *,
    total: int,
    last_year: int,
    years: int = 10,
    progress: ProgressFn | None = None,
) -> dict[str, int]:
    """Add decisions and grants until the archive holds ``total`` grants."""
    have = AwardGrant.objects.count()
    if have >= total:
        return {"decisions": 0, "grants": 0}
    awards = {a.code: a for a in Award.objects.filter(code__in=AWARD_SHARES)}
    codes = [c for c in AWARD_SHARES if c in awards]
    weights = [AWARD_SHARES[c][0] for c in codes]
    root = Unit.objects.get(code=ROOT_CODE)
    issuers = list(
        Unit.objects.filter(
            is_active=True,
            kind__in=[*COMMUNE_LEVEL_KINDS, UnitKind.DEPARTMENT, UnitKind.PARTY_MASS],
        ).order_by("path")
    )
    # The issuer of each unit's grassroots decisions: its commune or body (tree prefix).
    issuer_by_path = sorted(((u.path, u) for u in issuers), key=lambda x: -len(x[0]))
    units = list(
        Unit.objects.filter(is_active=True, kind__in=[UnitKind.VILLAGE, UnitKind.SUB_UNIT])
        .only("pk", "path", "name", "full_name", "kind")
        .order_by("pk")
    )
    unit_issuer = {}
    for unit in units:
        for path, issuer in issuer_by_path:
            if unit.path.startswith(path):
                unit_issuer[unit.pk] = issuer
                break
    units = [u for u in units if u.pk in unit_issuer]
    villages = [u for u in units if u.kind == UnitKind.VILLAGE] or units
    first_year = last_year - years + 1
    decisions = _decisions(rng, issuers, root, first_year, last_year)
    people = list(
        Person.objects.filter(unit_id__in=unit_issuer)
        .values_list("pk", "full_name", "unit_id", "position", "is_direct_worker")
        .order_by("pk")
    )
    unit_names = {u.pk: u.full_name or u.name for u in units}
    salary_on = {y: date(y, 12, 15) for y in range(first_year, last_year + 1)}
    money: dict[tuple[str, str, int], int | None] = {}

    def amount(code: str, subject: str, year: int) -> int | None:
        key = (code, subject, year)
        if key not in money:
            money[key] = cash_amount(award=awards[code], subject_kind=subject, on=salary_on[year])
        return money[key]

    wanted = total - have
    seen_codes: set[str] = set(AwardGrant.objects.values_list("verification_code", flat=True))

    def rows() -> Iterator[tuple]:
        for i in range(wanted):
            year = first_year + i % years
            code = rng.choices(codes, weights)[0]
            award = awards[code]
            subject = AWARD_SHARES[code][1]
            if subject == SubjectKind.INDIVIDUAL:
                pk, name, unit_id, position, direct = rng.choice(people)
                person_id, collective_id = pk, None
                recipient_class = _recipient_class(position, direct)
            else:
                unit = rng.choice(villages if code == "THON_VH" else units)
                person_id, collective_id, unit_id = None, unit.pk, unit.pk
                name = unit_names[unit.pk]
                recipient_class = RecipientClass.COLLECTIVE
            if award.authority in (Authority.UNIT_HEAD, Authority.COMMUNE_CHAIRMAN):
                decision = decisions[("local", unit_issuer[unit_id].pk, year)]
            elif award.authority in (Authority.PROVINCIAL_CHAIRMAN, Authority.PROVINCIAL_COMMITTEE):
                decision = decisions[
                    ("province", rng.randrange(PROVINCIAL_DECISIONS_PER_YEAR), year)
                ]
            else:
                decision = decisions[("central", rng.randrange(CENTRAL_DECISIONS_PER_YEAR), year)]
            verification = _code(rng)
            while verification in seen_codes:
                verification = _code(rng)
            seen_codes.add(verification)
            if progress and i % 20_000 == 0:
                progress(i, wanted)
            yield (
                award.pk,
                person_id,
                collective_id,
                name,
                unit_names[unit_id],
                unit_id,
                year,
                CommendationKind.MERIT,
                decision.pk,
                amount(code, subject, year),
                verification,
                recipient_class,
            )

    added = copy_rows(
        AwardGrant,
        [
            "award_id",
            "person_id",
            "unit_id",
            "recipient_name",
            "recipient_unit_name",
            "unit_scope_id",
            "year",
            "kind",
            "decision_id",
            "cash_amount",
            "verification_code",
            "recipient_class",
        ],
        rows(),
    )
    if progress:
        progress(wanted, wanted)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {AwardGrant._meta.db_table}")
    return {"decisions": len(decisions), "grants": added}


def _decisions(rng, issuers, root, first_year, last_year) -> dict[tuple, Decision]:
    """One grassroots decision per issuer and year, the province's and the centre's."""
    made: dict[tuple, Decision] = {}
    for decision in Decision.objects.filter(summary=SCALE_SUMMARY):
        made[_key(decision)] = decision
    batch = []
    for year in range(first_year, last_year + 1):
        for issuer in issuers:
            commune = issuer.kind in COMMUNE_LEVEL_KINDS
            key = ("local", issuer.pk, year)
            symbol = "UBND" if commune else _symbol(issuer.code)
            batch.append(
                (
                    key,
                    Decision(
                        number=f"{LOCAL_NUMBER}/QĐ-{symbol}",
                        issued_on=date(year, 12, rng.randint(10, 28)),
                        issuer=issuer,
                        signer_name="Người ký mô phỏng",
                        signer_position="Chủ tịch" if commune else "Giám đốc",
                        authority=Authority.COMMUNE_CHAIRMAN if commune else Authority.UNIT_HEAD,
                        kind=CommendationKind.MERIT,
                        summary=SCALE_SUMMARY,
                    ),
                )
            )
        for k in range(PROVINCIAL_DECISIONS_PER_YEAR):
            batch.append(
                (
                    ("province", k, year),
                    Decision(
                        number=f"{PROVINCE_NUMBER + k}/QĐ-UBND",
                        issued_on=date(year, 1 + k % 12, 1 + k % 27),
                        issuer=root,
                        signer_name="Người ký mô phỏng",
                        signer_position="Chủ tịch",
                        authority=Authority.PROVINCIAL_CHAIRMAN,
                        kind=CommendationKind.MERIT,
                        summary=SCALE_SUMMARY,
                    ),
                )
            )
        for k in range(CENTRAL_DECISIONS_PER_YEAR):
            batch.append(
                (
                    ("central", k, year),
                    Decision(
                        number=f"{CENTRAL_NUMBER + k}/QĐ-TTg",
                        issued_on=date(year, 1 + 2 * k, 15),
                        issuer=None,
                        signer_name="Người ký mô phỏng",
                        signer_position="Thủ tướng Chính phủ",
                        authority=Authority.PRIME_MINISTER,
                        kind=CommendationKind.MERIT,
                        summary=SCALE_SUMMARY,
                    ),
                )
            )
    batch = [(key, decision) for key, decision in batch if key not in made]
    created = Decision.objects.bulk_create([d for _, d in batch], batch_size=2000)
    for (key, _), decision in zip(batch, created, strict=True):
        made[key] = decision
    return made


def _symbol(code: str) -> str:
    """The issuing body's symbol from its code: "so-y-te" → "SYT"."""
    return "".join(part[0] for part in code.split("-") if part).upper()[:10] or "UBND"


def _key(decision: Decision) -> tuple:
    number = int(decision.number.split("/")[0])
    year = decision.issued_on.year
    if number == LOCAL_NUMBER:
        return ("local", decision.issuer_id, year)
    if number >= CENTRAL_NUMBER:
        return ("central", number - CENTRAL_NUMBER, year)
    return ("province", number - PROVINCE_NUMBER, year)
