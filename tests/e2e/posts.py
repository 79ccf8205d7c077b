"""Posts whose findings the bundled rules guarantee (see the helper's API contract)."""

HEALTH_HOAX = "Vaksin bikin autis, jangan mau divaksin!"  # health_hoax L5, every strictness
PROFANITY = "Dasar b4ngs4t lo"  # unbecoming_conduct L3, every strictness; span "b4ngs4t"
HEARSAY = "Katanya besok semua puskesmas tutup"  # unverified_source K5, only when strict
CLEAN = "Ayo vaksin di puskesmas terdekat, gratis!"  # nothing at any strictness

HOAX_FINDING = "health_hoax L5"
PROFANITY_FINDING = "unbecoming_conduct L3"
HEARSAY_FINDING = "unverified_source K5"
