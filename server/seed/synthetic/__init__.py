"""The synthetic national dataset, one generator with two views of it.

Candidates are registered and (nine in ten) verified by the Dinas of their regency,
with NIKs whose region, birth date (women: day + 40) and serial are real-shaped, one to
three competency certificates (some expired, some revoked, some for occupations few
vacancies ask for), health certificates of various ages and, mostly, BPJS. Vacancies
come from a few hundred P3MI, skewed like placements: domestic and care work dominate;
Hong Kong, Taiwan, Malaysia, Saudi Arabia, Japan and Korea lead.

- draws.py: the shapes, and each candidate and vacancy drawn from a seeded stream;
- rows.py: ``seed(...)``, the bulk insert of `cpmi-matcher seed-synthetic` (the server
  started afterwards on the same database builds its indexes from the rows);
- views.py: ``candidates(...)`` and ``vacancies(...)``, the same draws as the snapshots
  the server would load, in memory (benchmarks, unit tests).
"""

from server.seed.synthetic.rows import seed
from server.seed.synthetic.views import candidates, vacancies

__all__ = ["candidates", "seed", "vacancies"]
