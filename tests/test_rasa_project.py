"""Rasa's own checks on the project: the data validate without warning, and the test stories pass with the model."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT

RASA = str(Path(sys.executable).parent / "rasa")


def run(*args: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([RASA, *args], cwd=cwd, capture_output=True, text=True, timeout=900)


def test_training_data_validate_without_warnings():
    result = run("data", "validate", "--fail-on-warnings", "--max-history", "4")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]


def test_every_test_story_is_predicted(tmp_path):
    """Every flow, including forms interrupted by a question and corrected dates, predicted action by action."""
    from tests.bot_process import MODEL
    out = tmp_path / "results"
    result = run("test", "core", "--model", str(MODEL), "--stories", str(PROJECT_ROOT / "tests" / "stories"),
                 "--out", str(out), "--fail-on-prediction-errors", "--no-plot")
    failed = out / "failed_test_stories.yml"
    report = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert result.returncode == 0, (report or result.stdout + result.stderr)[-4000:]
