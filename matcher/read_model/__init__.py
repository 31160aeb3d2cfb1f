"""The replica's read model, one door in and one signal out.

It holds the in-memory indexes over candidates and vacancies, the eligibility sets, the
policy registry's timeline and the moment they stand at (feed position, day, policy
version). Committed changes come in through ``ReadModel.apply_committed`` only (the
message bus calls it, matcher/bus.py); every watch hears what moved through
``ReadModel.subscribe``. Import from here: the ``_…`` modules are its insides.
"""

from matcher.read_model._candidates import CandidateIndex
from matcher.read_model._lookups import Lookups
from matcher.read_model._model import ReadModel, Sizes
from matcher.read_model._moment import Listener, Moment, Moved
from matcher.read_model._sets import EligibilitySets, View
from matcher.read_model._vacancies import VacancyIndex

__all__ = [
    "CandidateIndex",
    "EligibilitySets",
    "Listener",
    "Lookups",
    "Moment",
    "Moved",
    "ReadModel",
    "Sizes",
    "VacancyIndex",
    "View",
]
