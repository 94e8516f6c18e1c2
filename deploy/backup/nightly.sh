#!/bin/sh
# The compose "backup" service: `manage.py backup` once a day at TDKT_BACKUP_AT_UTC (HH:MM,
# UTC; 19:30 UTC is 02:30 in Việt Nam), keeping the TDKT_BACKUP_KEEP newest backups in
# TDKT_BACKUP_DIR. A failed night is logged and retried the next night; the healthcheck
# reports a stale newest backup.
set -eu
at="${TDKT_BACKUP_AT_UTC:-19:30}"
echo "sao lưu hằng đêm lúc ${at} UTC / nightly backup at ${at} UTC into ${TDKT_BACKUP_DIR}"
# the first start: one backup at once, so there is always one to restore
if ! ls "${TDKT_BACKUP_DIR}"/tdkt-*/manifest.json >/dev/null 2>&1; then
  python manage.py backup || echo "SAO LƯU THẤT BẠI / BACKUP FAILED $(date -u)" >&2
fi
while true; do
  now=$(date -u +%s)
  next=$(date -u -d "today ${at}" +%s)
  if [ "${next}" -le "${now}" ]; then next=$(date -u -d "tomorrow ${at}" +%s); fi
  sleep $((next - now))
  python manage.py backup || echo "SAO LƯU THẤT BẠI / BACKUP FAILED $(date -u)" >&2
done
