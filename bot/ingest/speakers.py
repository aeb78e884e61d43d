"""Speaker names: merge the labels one person goes by and pick the fullest name to display.

Transcripts label the same person several ways: `CL Kao` then `CL`, `swyx` and `Swyx`, `STEPHANIE` where the
intro says "I'm Stephanie Minn". These functions are pure and work on the labels of one episode.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import combinations

from rapidfuzz import fuzz

from bot.ingest.turns import Turn
from bot.models import Speaker
from bot.text import STOPWORDS, fold

# Labels that mark an advertisement or a production note rather than a person.
NON_SPEAKER_LABELS = frozenset({"ad", "ads", "advertisement", "sponsor", "promo", "transcript", "music"})

_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’-]+"
_NOT_SURNAMES = frozenset(
    fold(w)
    for w in """The And But So I I'm We You It This That Podcast Show Labs Inc AI Here There Today Welcome
    Thanks Thank Yes No Yeah Okay Well Hi Hello Hey Also Then Episode Co Founder CEO CTO""".split()
)


def display_case(label: str) -> str:
    """`STEPHANIE` -> `Stephanie`, `JOËL` -> `Joël`; mixed or lower case labels are kept as written."""
    if label.isupper() and len(label) > 3:
        return " ".join(word.capitalize() for word in label.split())
    return label


def is_non_speaker(label: str) -> bool:
    return fold(label).strip() in NON_SPEAKER_LABELS


def full_name_for(first: str, context: str) -> str | None:
    """The most frequent `First [M.] Last` in `context` for a one-word label, if any (e.g. from an intro)."""
    pattern = re.compile(rf"\b{re.escape(first)}((?:\s[A-Z]\.?)?(?:\s{_NAME_WORD}){{1,2}})\b")
    counts: Counter[str] = Counter()
    for match in pattern.finditer(context):
        words = match.group(1).split()
        kept: list[str] = []
        for word in words:
            if fold(word).strip(".") in _NOT_SURNAMES or fold(word) in STOPWORDS:
                break
            kept.append(re.sub(r"['’]s$", "", word))
        if kept and not (len(kept) == 1 and len(kept[0].rstrip(".")) == 1):
            counts[f"{first} {' '.join(kept)}"] += 1
    if not counts:
        return None
    # Prefer two-word names ("Marc Andreessen") over a capitalised word that followed by chance.
    best = max(counts.items(), key=lambda item: (item[1], -abs(len(item[0].split()) - 2)))
    return best[0]


def resolve_speakers(turns: list[Turn], context: str = "") -> list[Speaker]:
    """Rename each turn's speaker to the person's display name and return the people, most words first.

    Labels equal ignoring case merge; a label that is the start of a longer label (`CL`, `CL Kao`) merges into
    it; a lone first name is expanded from `context` (the episode's description and intro) when it names them.
    """
    labels = [t.speaker for t in turns if t.speaker]
    uses = Counter(labels)
    groups = _merge_misspellings(_group_labels(uses), uses, context)
    display = {label: _display_name(members, context) for label, members in groups.items()}
    name_of = {member: display[key] for key, members in groups.items() for member in members}
    people: dict[str, Speaker] = {}
    for turn in turns:
        if not turn.speaker:
            continue
        name = name_of[turn.speaker]
        turn.speaker = name
        person = people.get(name)
        if person is None:
            person = people[name] = Speaker(name=name)
        person.words += turn.text.count(" ") + 1
    for canonical, members in groups.items():
        person = people.get(display[canonical])
        if person is not None:
            person.aliases.update(display_case(m) for m in members)
            person.aliases.discard(person.name)
    return sorted(people.values(), key=lambda p: -p.words)


def _key(label: str) -> str:
    return " ".join(fold(label).split())


def _group_labels(labels: Iterable[str]) -> dict[str, set[str]]:
    """Map a canonical key (the fullest folded label) to the labels in its group."""
    by_key: dict[str, set[str]] = {}
    for label in labels:
        by_key.setdefault(_key(label), set()).add(label)
    keys = sorted(by_key, key=lambda k: -len(k.split()))
    groups: dict[str, set[str]] = {}
    for key in keys:
        fuller = [g for g in groups if g.startswith(key + " ")]
        if len(fuller) == 1:
            groups[fuller[0]] |= by_key[key]
        else:
            groups[key] = set(by_key[key])
    return groups


def _merge_misspellings(groups: dict[str, set[str]], uses: Counter[str], context: str) -> dict[str, set[str]]:
    """Merge one-word labels that are typos of each other (`Alsesio`, `Alessio`) into the spelling the
    episode's own text uses, or else the more frequent one."""
    keys = [k for k in groups if " " not in k]
    for a, b in combinations(sorted(keys), 2):
        if a not in groups or b not in groups or a[0] != b[0] or fuzz.ratio(a, b) < 80:
            continue
        keep, drop = sorted((a, b), key=lambda k: _spelling_rank(groups[k], uses, context))
        groups[keep] |= groups.pop(drop)
    return groups


def _spelling_rank(members: set[str], uses: Counter[str], context: str) -> tuple[bool, int]:
    in_text = any(re.search(rf"\b{re.escape(m)}\b", context, re.IGNORECASE) for m in members)
    return (not in_text, -sum(uses[m] for m in members))


def _display_name(members: set[str], context: str) -> str:
    in_text = [m for m in members if re.search(rf"\b{re.escape(m)}\b", context)]
    fullest = max(members, key=lambda m: (len(m.split()), m in in_text, not m.isupper(), not m.islower(), m))
    name = display_case(fullest)
    if len(name.split()) == 1 and context:
        expanded = full_name_for(name, context)
        if expanded:
            return expanded
    return name
