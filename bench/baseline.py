"""What a plain search over the source documents would answer, side by side with the assistant."""
from __future__ import annotations

import re

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from bench.heldout import SETS, fact_found, load
from bot.settings import PROJECT_ROOT


def passages() -> list[str]:
    found = []
    for path in sorted((PROJECT_ROOT / "docs" / "sources").glob("*.txt")):
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            if len(block.strip()) > 40:
                found.append(" ".join(block.split()))
    return found


def main() -> None:
    texts = passages()
    vectorizer = TfidfVectorizer(strip_accents="unicode", lowercase=True, ngram_range=(1, 2), sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    for name in SETS:
        checkable = [item for item in load(name) if item.get("facts")]
        right = 0
        for item in checkable:
            scores = linear_kernel(vectorizer.transform([item["text"]]), matrix)[0]
            right += fact_found(texts[int(scores.argmax())], item["facts"])
        print(f"Recherche simple dans les documents (meilleur passage TF-IDF, {len(texts)} passages), {name} : "
              f"{right}/{len(checkable)} ({right / len(checkable):.1%}) contiennent le bon fait.")
    print("  Elle ne calcule ni situation, ni date de retour, ni coût, et cite les dates de 2022 telles quelles.")
