"""The analysis engine: a draft in, scored findings with exact spans out.

normalize (with offset map) → language → tokens and stems → one pass of the compiled matcher
(rule patterns and context patterns together) → regular-expression rules → context scores each
hit → the trained recognizer on what no rule reported → strictness threshold and category
filter → findings in UTF-16 offsets of the original.
Like Presidio's analyzer: recognizers propose scored spans, nearby context raises, lowers or
cancels them, and the requested strictness is a threshold on the score.
"""

from __future__ import annotations

import bisect
import gc
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Literal

from helper.classifier import TextClassifier
from helper.language import Language, LanguageIdentifier
from helper.matcher import Hit, TokenMatcher
from helper.normalize import Normalized, normalize
from helper.patterns import PatternCompiler, PatternError, Sequence, Slot, stem_terms
from helper.regex_gate import Gate, gate_for
from helper.rulepack import (
    ContextItem,
    Localized,
    Model,
    RegexPattern,
    Rule,
    RulePack,
    RulePackError,
    Strictness,
)
from helper.stemmer import IndonesianStemmer
from helper.tokens import Tokenizer, Tokens
from helper.validators import VALIDATORS

# A rule's lowest strictness sets its base score; a context `raise`/`lower` moves it one level.
BASE_SCORE: dict[Strictness, float] = {"relaxed": 0.9, "standard": 0.7, "strict": 0.5}
THRESHOLD: dict[Strictness, float] = {"relaxed": 0.85, "standard": 0.65, "strict": 0.45}
LEVEL_STEP = 0.2
MODEL_RULE_PREFIX = "model."
VETO_MIN_WORDS = 10
_SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
# Quotation marks and the mark that closes each: a closing mark with nothing open opens (”…”).
_QUOTE_CLOSES = {"'": "'", '"': '"', "“": "”", "‘": "’", "«": "»", "”": "”", "’": "’"}


@dataclass(frozen=True, slots=True)
class Scored:
    """A hit of one rule after context, in code-point offsets of the original text."""

    rule: Rule
    score: float
    start: int
    end: int


@dataclass(slots=True)
class Analysis:
    language: Language
    hits: list[Scored]  # every rule hit that survived context, whatever its score
    # The trained recognizer's hits, computed on the first request at a level where it may
    # speak: most requests are at standard, where it is silent, and then it costs nothing.
    model_reaches: float = field(default=0.0, compare=False)  # the highest score a model hit can have
    model_hits: Callable[[], list[Scored]] | None = field(default=None, compare=False)
    # The verdicts sure enough to show beside the rules' findings (model.yaml's `beside`), given the
    # categories the rules found (None: none may). Finding only them costs less than every verdict.
    model_beside_hits: Callable[[Collection[str | None]], list[Scored]] | None = field(default=None, compare=False)

    def select(self, strictness: Strictness, disabled: Collection[str] = ()) -> list[Scored]:
        """What a request at this strictness shows: over the threshold, in enabled categories,
        one finding per span and category."""
        threshold = THRESHOLD[strictness]
        shown = self._shown(threshold, disabled)
        # Where a rule found something at the verdict's level, the model adds only what it is very
        # sure of (`beside`) in a category the rules did not name: a rule names the exact words,
        # and next to one a vaguer second warning was more often the wrong category, while a sure
        # one, on posts by authors it had not seen, found two second violations for each wrong one
        # (model.yaml). A verdict that shows at standard is not silenced at strict by a weak rule
        # signal, so what standard shows, strict shows too. The model is asked once, when needed.
        rules_shown = [h for h in shown if h.rule.kind == "finding" and h.rule.severity != "info"
                       and not h.rule.id.startswith(MODEL_RULE_PREFIX)]
        rule_best = max((h.score for h in rules_shown), default=None)
        if rule_best is not None and rule_best >= _reached(self.model_reaches):
            kept = [h for h in shown if not h.rule.id.startswith(MODEL_RULE_PREFIX)]
            return _strongest_per_span([*kept, *self._beside(rules_shown, threshold, disabled)])
        if self.model_hits is not None and self.model_reaches >= threshold:
            computed = self.model_hits()
            self.hits = _merge([*self.hits, *computed])
            self.model_hits = None
            shown = self._shown(threshold, disabled)
        if rule_best is not None:
            shown = [h for h in shown if not h.rule.id.startswith(MODEL_RULE_PREFIX) or rule_best < _reached(h.score)]
            shown += self._beside(rules_shown, threshold, disabled)
        return _strongest_per_span(shown)

    def _beside(self, rules_shown: list[Scored], threshold: float, disabled: Collection[str]) -> list[Scored]:
        if self.model_beside_hits is None:
            return []
        found = {h.rule.category for h in rules_shown}
        return [h for h in self.model_beside_hits(found) if h.score >= threshold and h.rule.category not in disabled]

    def _shown(self, threshold: float, disabled: Collection[str]) -> list[Scored]:
        return [h for h in self.hits
                if h.score >= threshold and (h.rule.category is None or h.rule.category not in disabled)]

    def of_rule(self, rule_id: str, strictness: Strictness) -> list[Scored]:
        return [h for h in self.hits if h.rule.id == rule_id and h.score >= THRESHOLD[strictness]]


@dataclass(frozen=True, slots=True)
class _Context:
    effect: Literal["cancel", "require", "raise", "lower"]
    owner: int  # matcher owner id of its patterns
    scope: str
    width: int


@dataclass(frozen=True, slots=True)
class _CompiledRegex:
    regex: re.Pattern[str]
    validator: Callable[[str], bool] | None
    gate: Gate  # a cheap test every text the regex matches passes


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    rule: Rule
    regexes: tuple[_CompiledRegex, ...]
    context: tuple[_Context, ...]


class Engine:
    def __init__(self, pack: RulePack) -> None:
        self.pack = pack
        self.stemmer = IndonesianStemmer(pack.roots)
        self.tokenizer = Tokenizer(pack.slang, self.stemmer)
        self.language = LanguageIdentifier()
        self._rules: list[_CompiledRule] = []
        self._context_owners: dict[tuple[str, ...], int] = {}
        sequences: list[tuple[Sequence, int]] = []
        compiler = PatternCompiler(pack.lists, self.tokenizer.term_tokens, self.stemmer.stem, pack.slang)
        self._learn_roots(pack)
        problems: list[str] = []
        # Owner ids: rule i owns id i; context pattern groups get ids after all rules.
        n_rules = len(pack.rules)
        for index, rule in enumerate(pack.rules):
            where = pack.where.get(rule.id)
            place = f"{where.file}:{where.line}" if where else rule.id
            regexes: list[_CompiledRegex] = []
            for pattern in rule.patterns:
                try:
                    if isinstance(pattern, RegexPattern):
                        regexes.append(self._compile_regex(pattern))
                    else:
                        sequences.extend((seq, index) for seq in compiler.compile(pattern))
                except (PatternError, re.error) as exc:
                    problems.append(f"{place}: pattern {_show(pattern)}: {exc}")
            contexts: list[_Context] = []
            for item in rule.context:
                key = tuple(item.patterns)
                if key not in self._context_owners:
                    owner = n_rules + len(self._context_owners)
                    self._context_owners[key] = owner
                    for p in item.patterns:
                        try:
                            sequences.extend((seq, owner) for seq in compiler.compile(p))
                        except PatternError as exc:
                            problems.append(f"{place}: context {p!r}: {exc}")
                contexts.append(_compile_context(item, self._context_owners[key]))
            self._rules.append(_CompiledRule(rule, tuple(regexes), tuple(contexts)))
        if problems:
            raise RulePackError(problems)
        # Rules first; then only the contexts of rules that hit: most context words are common
        # ("itu", "dia") and most drafts hit no rule.
        self._matcher = TokenMatcher(sequences, deferred_from=n_rules)
        self.tokenizer.learn_vocabulary(
            key for seq, _ in sequences for step in seq if isinstance(step, Slot) for key in step.exact)
        self.tokenizer.learn_stems(
            stem for seq, _ in sequences for step in seq if isinstance(step, Slot) for stem in step.stems)
        self._regexes = [(i, compiled) for i, r in enumerate(self._rules) for compiled in r.regexes]
        # Every string some regex's gate asks for: which of them a draft has is found once, in
        # one pass over these few, instead of by a loop per regex.
        self._gate_strings = frozenset(
            s for _, compiled in self._regexes if compiled.gate.strings is not None for s in compiled.gate.strings)
        self._model = _ModelRecognizer(pack, pack.model) if pack.model is not None else None
        # An engine lives as long as the process: move its several hundred thousand objects out
        # of the garbage collector's sight. Otherwise full collections walk them all during
        # long drafts, holding the interpreter lock (100–186 ms measured in one 65,520-emoji
        # check) and making cost grow faster than the text.
        gc.collect()
        gc.freeze()

    def _learn_roots(self, pack: RulePack) -> None:
        """Words rules ask to match by stem become roots, so their affixed forms reach them."""
        words: set[str] = set()
        patterns = [p for r in pack.rules for p in r.patterns if isinstance(p, str)]
        patterns += [p for r in pack.rules for c in r.context for p in c.patterns]
        patterns += [t for terms in pack.lists.values() for t in terms]
        for pattern in patterns:
            words.update(stem_terms(pattern))
        for word in sorted(words):
            if not self.stemmer.is_root(self.stemmer.stem(word)):
                self.stemmer.add_root(word)

    @staticmethod
    def _compile_regex(pattern: RegexPattern) -> _CompiledRegex:
        validator = None
        if pattern.validator is not None:
            if pattern.validator not in VALIDATORS:
                raise PatternError(f"unknown validator {pattern.validator!r} (known: {', '.join(VALIDATORS)})")
            validator = VALIDATORS[pattern.validator]
        return _CompiledRegex(re.compile(pattern.regex), validator, gate_for(pattern.regex))

    # -----------------------------------------------------------------------------------------

    def analyze(self, text: str, *, recognizer: bool = True) -> Analysis:
        """`recognizer=False` gives what the rules alone find: no veto, no model findings."""
        normalized = normalize(text)
        language = self.language.identify(normalized.text)
        tokens = self.tokenizer.columns(normalized)
        matches = self._matcher.find(tokens)
        hits_by_owner: defaultdict[int, list[Hit]] = defaultdict(list)
        for hit in matches.hits:
            hits_by_owner[hit.owner].append(hit)
        self._find_regexes(normalized, tokens, hits_by_owner)
        contexts = {c.owner for owner in hits_by_owner for c in self._rules[owner].context}
        if contexts:
            for hit in matches.deferred(contexts):
                hits_by_owner[hit.owner].append(hit)

        quotations = _Quotations(tokens)
        near = {owner: _NearIndex(hits, tokens, quotations)
                for owner, hits in hits_by_owner.items() if owner in contexts}
        scored: list[Scored] = []
        for owner, hits in hits_by_owner.items():
            if owner >= len(self._rules):
                continue
            compiled = self._rules[owner]
            for hit in hits:
                score = self._score(compiled, hit, tokens, near)
                if score is None:
                    continue
                start, end = _char_span(normalized, tokens, hit)
                scored.append(Scored(compiled.rule, score, start, end))
        peak: dict[str, float] | None = None
        model = self._model if recognizer else None
        if model is not None:
            scored, peak = model.vetoed(normalized, scored)
        analysis = Analysis(language, _merge(scored))
        if model is not None:
            analysis.model_reaches = model.highest_score
            analysis.model_hits = lambda: model.hits(normalized, scored, peak)
            # Beside a rule only on drafts long enough to judge, as for the veto: on "Dasar b4ngs4t
            # lo" the word "dasar" alone made a sure verdict of hostility to a group.
            if model.beside is not None and sum(map(str.isalnum, tokens.text)) >= VETO_MIN_WORDS:
                analysis.model_beside_hits = lambda found: model.beside_hits(normalized, scored, peak, found)
        return analysis

    def _find_regexes(self, normalized: Normalized, tokens: Tokens,
                      hits_by_owner: defaultdict[int, list[Hit]]) -> None:
        starts = tokens.start
        if not starts:
            return
        text = normalized.text
        present = {s for s in self._gate_strings if s in text}
        for index, compiled in self._regexes:
            gate = compiled.gate  # as gate.passes(text)
            if gate.strings is not None and gate.strings.isdisjoint(present):
                continue
            if gate.pair is not None and gate.pair.search(text) is None:
                continue
            validator = compiled.validator
            for match in compiled.regex.finditer(text):
                if match.end() == match.start():
                    continue
                if validator is not None and not validator(match.group(0)):
                    continue
                first = max(0, bisect.bisect_right(starts, match.start()) - 1)
                last = max(first + 1, bisect.bisect_left(starts, match.end()))
                hits_by_owner[index].append(Hit(index, first, last))

    @staticmethod
    def _score(compiled: _CompiledRule, hit: Hit, tokens: Tokens,
               contexts: dict[int, _NearIndex]) -> float | None:
        score = BASE_SCORE[compiled.rule.strictness]
        for ctx in compiled.context:
            index = contexts.get(ctx.owner)
            near = index is not None and index.near(ctx, hit, tokens)
            if ctx.effect == "cancel" and near:
                return None
            if ctx.effect == "require" and not near:
                return None
            if near and ctx.effect == "raise":
                score += LEVEL_STEP
            elif near and ctx.effect == "lower":
                score -= LEVEL_STEP
        return round(score, 3)


class _ModelRecognizer:
    """The trained classifier's verdicts as scored hits of one pseudo-rule per category."""

    def __init__(self, pack: RulePack, model: Model) -> None:
        self.classifier = TextClassifier(model.weights.categories, model.weights.bias, model.weights.weights)
        self.thresholds = model.spec.thresholds
        self.quiet_when = frozenset(model.spec.quiet_when)
        self.beside = self.thresholds.beside
        self.quiet_beside = frozenset(model.spec.quiet_beside)
        quiet_on = set(model.spec.quiet_on)
        self.floor = {c: self.thresholds.strict for c in self.classifier.categories if c not in quiet_on}
        # Each category's veto; a category the model does not score, or without one, has none.
        self.veto = {c: v for c in self.classifier.categories if (v := self.thresholds.veto_of(c)) is not None}
        self.highest_score = BASE_SCORE["strict" if self.thresholds.standard is None else "standard"]
        self.rules = {c: _model_rule(pack, c, m.message, m.suggestion) for c, m in model.spec.categories.items()}

    def vetoed(self, normalized: Normalized, scored: list[Scored]) -> tuple[list[Scored], dict[str, float] | None]:
        """Rule findings the recognizer is nearly sure are wrong are dropped. On posts by authors
        the rules were not written from, this halved false alarms for one or two points of recall.
        Also the peak probabilities, where it computed them, for `hits` to reuse."""
        veto = self.veto
        # Only findings that show at standard or relaxed: the evidence for the veto was measured
        # there. Weak signals (strict only) and short drafts, which give the model too little to
        # judge, are left alone.
        def judged(s: Scored) -> bool:
            return (s.rule.kind == "finding" and s.rule.severity != "info" and s.score >= THRESHOLD["standard"]
                    and s.rule.category in veto)

        if not any(judged(s) for s in scored):
            return scored, None
        peak = self.classifier.peak_probabilities(normalized.text, min_words=VETO_MIN_WORDS)
        if peak is None:
            return scored, None
        kept = [s for s in scored if not (judged(s) and peak[s.rule.category or ""] < veto[s.rule.category or ""])]
        return kept, peak

    def hits(self, normalized: Normalized, scored: list[Scored], peak: dict[str, float] | None,
             floor: Mapping[str, float] | None = None) -> list[Scored]:
        if any(s.rule.id in self.quiet_when for s in scored):
            return []
        out = []
        standard_of = self.thresholds.standard_of
        for verdict in self.classifier.verdicts(normalized.text, self.floor if floor is None else floor, peak):
            standard = standard_of(verdict.category)
            level: Strictness = "standard" if standard is not None and verdict.probability >= standard else "strict"
            start, end = normalized.to_original(verdict.start, verdict.end)
            out.append(Scored(self.rules[verdict.category], BASE_SCORE[level], start, end))
        return out

    def beside_hits(self, normalized: Normalized, scored: list[Scored], peak: dict[str, float] | None,
                    found: Collection[str | None]) -> list[Scored]:
        """The verdicts that may show beside the rules' findings of the categories `found`."""
        beside = self.beside
        if beside is None:
            return []
        floor = {c: beside for c in self.floor if c not in found and c not in self.quiet_beside}
        return self.hits(normalized, scored, peak, floor) if floor else []


def _model_rule(pack: RulePack, category: str, message: Localized, suggestion: Localized) -> Rule:
    # Built without validation: a pseudo-rule has no patterns or examples of its own; the
    # classifier and its training corpus stand for them, and model.yaml was validated on load.
    return Rule.model_construct(
        id=f"{MODEL_RULE_PREFIX}{category}", kind="finding", category=category,
        clause=pack.categories[category].clause or "L1", severity="warning", strictness="standard",
        patterns=[], context=[], message=message, suggestion=suggestion, link=None, examples=[])


def _compile_context(item: ContextItem, owner: int) -> _Context:
    scope = item.within
    if isinstance(scope, int):
        return _Context(item.effect, owner, "window", scope)
    if ":" in scope:
        side, width = scope.split(":")
        return _Context(item.effect, owner, side, int(width))
    return _Context(item.effect, owner, scope, 0)


# At most this many tokens between a hit and the quotation it introduces ("grup keluarga: '").
_INTRODUCES = 3
# A claim asked as a question is answered at once ("Vaksin HPV bikin mandul? Tidak."): its
# rebuttal must start within this many tokens after the question mark, not anywhere in the window.
_ANSWERS = 3


class _Quotations:
    """A draft's quotations, found on first use. A quoted claim followed by its rebuttal
    ("'ARV itu racun' — ngawur", "'Vaccines cause autism'. They don't.") reports the claim in
    order to correct it, and so does a claim asked and answered ("Vaksin HPV bikin mandul?
    Tidak."); a rule can say so with `within: after_quote:N`."""

    def __init__(self, tokens: Tokens) -> None:
        self._tokens = tokens
        self._spans: list[tuple[int, int]] | None = None

    def closing(self, hit: Hit, width: int) -> tuple[int, int] | None:
        """Where the claim's rebuttal may start: after the closing mark of the innermost quotation
        around the hit, or else of the quotation the hit introduces ("Ada yg kirim ke grup: '…'.
        Itu hoaks."), within `width` tokens; or else right after the question the hit is in."""
        if self._spans is None:
            self._spans = self._find()
        inside = min((close for opening, close in self._spans if opening < hit.start and hit.end <= close),
                     default=None)
        if inside is not None:
            return inside, width
        sentence = self._tokens.sentence
        in_sentence = sentence[hit.end - 1]
        introduced = min((close for opening, close in self._spans
                          if hit.end <= opening <= hit.end + _INTRODUCES and sentence[opening] == in_sentence),
                         default=None)
        if introduced is not None:
            return introduced, width
        last = hit.end - 1
        while last + 1 < len(sentence) and sentence[last + 1] == in_sentence:
            last += 1
        if last >= hit.end and self._tokens.text[last] == "?":
            return last, min(width, _ANSWERS)
        return None

    def _find(self) -> list[tuple[int, int]]:
        tokens = self._tokens
        text, paragraph, start, end = tokens.text, tokens.paragraph, tokens.start, tokens.end
        last = len(text) - 1
        spans: list[tuple[int, int]] = []
        waiting: dict[str, int] = {}  # closing mark -> where its quotation opened
        for i in [i for i, t in enumerate(text) if t in _QUOTE_CLOSES]:
            mark = text[i]
            # A quotation never runs on into the next paragraph.
            waiting = {m: j for m, j in waiting.items() if paragraph[j] == paragraph[i]}
            # A straight mark glued to the word before and not to the one after closes, or is an
            # apostrophe ("nurses' group"); glued only to the word after, it opens.
            glued_before = i > 0 and end[i - 1] == start[i]
            glued_after = i < last and start[i + 1] == end[i]
            if mark in waiting and not (glued_after and not glued_before and mark in "'\""):
                spans.append((waiting.pop(mark), i))
            elif not (glued_before and not glued_after):
                # An opening mark, or a closing one used for both ends (”…”).
                waiting[_QUOTE_CLOSES[mark]] = i
        return spans


class _NearIndex:
    """The hits of one context pattern group, by sentence and start, so "is one near this hit?"
    costs a lookup and a binary search however many hits a long draft has."""

    def __init__(self, hits: list[Hit], tokens: Tokens, quotations: _Quotations) -> None:
        self._hits = hits
        self._tokens = tokens
        self._quotations = quotations
        self._built = False  # built on first use: a "post" context, or an early cancel, needs none
        self.by_sentence: defaultdict[int, list[Hit]] = defaultdict(list)
        self.starts: dict[int, list[int]] = {}
        self.longest = 0
        self._all_starts: list[int] | None = None  # only after_quote asks: built on first use
        self._paragraphs: set[int] | None = None  # only a few contexts ask: built on first use

    def _build(self) -> None:
        tokens = self._tokens
        for h in sorted(self._hits, key=lambda h: h.start):
            self.by_sentence[tokens.sentence[h.start]].append(h)
        self.starts = {s: [h.start for h in hs] for s, hs in self.by_sentence.items()}
        self.longest = max((h.end - h.start for h in self._hits), default=0)
        self._built = True

    def _paragraphs_of(self, tokens: Tokens) -> set[int]:
        if self._paragraphs is None:
            self._paragraphs = {tokens.paragraph[hs[0].start] for hs in self.by_sentence.values()}
        return self._paragraphs

    def near(self, ctx: _Context, hit: Hit, tokens: Tokens) -> bool:
        if ctx.scope == "post":
            return True
        if ctx.scope == "after_quote":
            after = self._quotations.closing(hit, ctx.width)
            if after is None:
                return False
            close, width = after
            if self._all_starts is None:
                self._all_starts = sorted(h.start for h in self._hits)
            at = bisect.bisect_right(self._all_starts, close)
            return at < len(self._all_starts) and self._all_starts[at] <= close + width
        if not self._built:
            self._build()
        if ctx.scope == "paragraph":
            paragraphs = self._paragraphs_of(tokens)
            return tokens.paragraph[hit.start] in paragraphs or tokens.paragraph[hit.end - 1] in paragraphs
        sentence = tokens.sentence[hit.start]
        if ctx.scope == "sentence":
            return sentence in self.by_sentence or tokens.sentence[hit.end - 1] in self.by_sentence
        hits = self.by_sentence.get(sentence)
        if not hits:
            return False
        starts = self.starts[sentence]
        if ctx.scope == "before":
            low, high = hit.start - ctx.width, hit.start
        elif ctx.scope == "after":
            low, high = hit.end, hit.end + ctx.width
        else:  # a window either side: overlapping [start - width, end + width)
            low, high = hit.start - ctx.width - self.longest, hit.end + ctx.width
        for other in hits[bisect.bisect_left(starts, low):bisect.bisect_left(starts, high)]:
            if ctx.scope != "window" or other.end > hit.start - ctx.width:
                return True
        return False


def _reached(score: float) -> float:
    """The threshold of the highest strictness at which a hit of this score shows."""
    return max((t for t in THRESHOLD.values() if t <= score), default=min(THRESHOLD.values()))


def _char_span(normalized: Normalized, tokens: Tokens, hit: Hit) -> tuple[int, int]:
    return normalized.to_original(tokens.start[hit.start], tokens.end[hit.end - 1])


def _merge(scored: list[Scored]) -> list[Scored]:
    """Join overlapping hits of one rule."""
    by_rule: defaultdict[str, list[Scored]] = defaultdict(list)
    for s in scored:
        by_rule[s.rule.id].append(s)
    merged: list[Scored] = []
    for hits in by_rule.values():
        hits.sort(key=lambda s: (s.start, s.end))
        if hits[0].rule.kind == "affirmation":
            # One thank-you per post is enough; its span points at the first signal.
            merged.append(hits[0])
            continue
        current = hits[0]
        for nxt in hits[1:]:
            if nxt.start < current.end:
                current = Scored(current.rule, max(current.score, nxt.score), current.start,
                                 max(current.end, nxt.end))
            else:
                merged.append(current)
                current = nxt
        merged.append(current)
    return sorted(merged, key=lambda s: (s.start, s.end, s.rule.id))


def _strongest_per_span(hits: list[Scored]) -> list[Scored]:
    """Rules of one category on the same or overlapping words make one finding: the more severe,
    over all their words ("pasti korupsi" and "korupsi" are one slander warning, not two).
    Hits with no category (affirmations) are one per kind and span."""
    out: list[Scored] = []
    exact: dict[tuple[str, int, int], Scored] = {}
    for s in sorted(hits, key=lambda s: (s.rule.category or "", s.rule.kind, s.start, -s.end)):
        category = s.rule.category
        if category is None:
            key = (s.rule.kind, s.start, s.end)
            exact[key] = _stronger(exact[key], s) if key in exact else s
            continue
        last = out[-1] if out else None
        if last is None or (last.rule.category, last.rule.kind) != (category, s.rule.kind) or s.start >= last.end:
            out.append(s)
            continue
        strong = _stronger(last, s)
        out[-1] = Scored(strong.rule, strong.score, last.start, max(last.end, s.end))
    return sorted([*out, *exact.values()], key=lambda s: (s.start, s.end, s.rule.id))


def _stronger(a: Scored, b: Scored) -> Scored:
    return b if (_SEVERITY_RANK[b.rule.severity], b.score) > (_SEVERITY_RANK[a.rule.severity], a.score) else a


def _show(pattern: object) -> str:
    return repr(pattern.regex) if isinstance(pattern, RegexPattern) else repr(pattern)
