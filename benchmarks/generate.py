"""Seeded generator of synthetic courses and question banks for the benchmarks.

The same seed gives the same files, so numbers from two machines or two
commits compare like with like.  A bank is written twice: as an lmsexport
course (YAML quiz) and as the equivalent text2qti plain-text quiz, so both
tools can be timed on the same questions.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

WORDS = [
    "party",
    "congress",
    "soviet",
    "troika",
    "commissar",
    "policy",
    "revolution",
    "army",
    "peasant",
    "worker",
    "faction",
    "vote",
    "plenum",
    "committee",
    "secretary",
    "economy",
    "grain",
    "industry",
    "exile",
    "debate",
]


def _sentence(rng: random.Random, words: int = 8) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def bank_questions(count: int, seed: int = 1) -> list[dict[str, object]]:
    """``count`` questions of the five kinds text2qti and lmsexport both express."""
    rng = random.Random(seed)
    questions: list[dict[str, object]] = []
    for index in range(count):
        kind = index % 5
        prompt = f"Question {index + 1}: {_sentence(rng, 12)}"
        if kind == 0:
            right = rng.randrange(4)
            choices = [
                {"text": f"{_sentence(rng, 4)} ({n})", **({"correct": True} if n == right else {})}
                for n in range(4)
            ]
            questions.append({"type": "single_choice", "prompt": prompt, "choices": choices})
        elif kind == 1:
            choices = [
                {"text": f"{_sentence(rng, 4)} ({n})", **({"correct": True} if n % 2 == 0 else {})}
                for n in range(4)
            ]
            questions.append({"type": "multiple_response", "prompt": prompt, "choices": choices})
        elif kind == 2:
            questions.append(
                {"type": "short_answer", "prompt": prompt, "answers": [rng.choice(WORDS)]}
            )
        elif kind == 3:
            value = rng.randrange(1900, 2000)
            questions.append({"type": "numeric", "prompt": prompt, "answer": value, "tolerance": 1})
        else:
            questions.append({"type": "essay", "prompt": prompt})
    return questions


def write_bank_course(folder: Path, count: int, seed: int = 1) -> Path:
    """An lmsexport course holding one quiz of ``count`` questions."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "quizzes").mkdir(exist_ok=True)
    course = {
        "id": folder.name,
        "title": f"Bank of {count} questions",
        "outline": [{"quiz": "quizzes/bank.yaml"}],
    }
    quiz = {"title": "Bank", "questions": bank_questions(count, seed)}
    (folder / "course.yaml").write_text(yaml.safe_dump(course, sort_keys=False), "utf-8")
    (folder / "quizzes" / "bank.yaml").write_text(yaml.safe_dump(quiz, sort_keys=False), "utf-8")
    return folder


def write_text2qti_bank(path: Path, count: int, seed: int = 1) -> Path:
    """The same questions in text2qti's plain-text syntax."""
    lines = ["Quiz title: Bank", "Quiz description: Synthetic benchmark bank.", ""]
    for number, question in enumerate(bank_questions(count, seed), start=1):
        lines.append(f"{number}.  {question['prompt']}")
        kind = question["type"]
        if kind in ("single_choice", "multiple_response"):
            choices = question["choices"]
            assert isinstance(choices, list)
            for letter, choice in zip("abcd", choices, strict=False):
                if kind == "single_choice":
                    mark = f"*{letter})" if choice.get("correct") else f"{letter}) "
                else:
                    mark = "[*]" if choice.get("correct") else "[ ]"
                lines.append(f"{mark} {choice['text']}")
        elif kind == "short_answer":
            answers = question["answers"]
            assert isinstance(answers, list)
            lines.append(f"*   {answers[0]}")
        elif kind == "numeric":
            lines.append(f"=   {question['answer']} +- {question['tolerance']}")
        else:
            lines.append("____")
        lines.append("")
    path.write_text("\n".join(lines), "utf-8")
    return path


def write_course_tree(root: Path, courses: int, lessons: int = 4, seed: int = 1) -> Path:
    """``courses`` small courses (lessons and a 10-question quiz each) under ``root``."""
    rng = random.Random(seed)
    for number in range(courses):
        folder = root / f"course-{number:04d}"
        (folder / "lessons").mkdir(parents=True, exist_ok=True)
        (folder / "quizzes").mkdir(exist_ok=True)
        outline: list[dict[str, object]] = []
        for lesson in range(lessons):
            body = "\n\n".join(_sentence(rng, 30) for _ in range(6))
            name = f"lessons/lesson-{lesson}.md"
            (folder / name).write_text(f"---\ntitle: Lesson {lesson}\n---\n{body}\n", "utf-8")
            outline.append({"lesson": name})
        quiz = {"title": "Quiz", "questions": bank_questions(10, seed + number)}
        (folder / "quizzes" / "quiz.yaml").write_text(yaml.safe_dump(quiz), "utf-8")
        outline.append({"quiz": "quizzes/quiz.yaml"})
        course = {
            "id": folder.name,
            "title": f"Course {number}",
            "outline": [{"title": "Unit", "children": outline}],
        }
        (folder / "course.yaml").write_text(yaml.safe_dump(course, sort_keys=False), "utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--courses", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_bank_course(args.output / "bank", args.questions, args.seed)
    write_text2qti_bank(args.output / "bank.txt", args.questions, args.seed)
    if args.courses:
        write_course_tree(args.output / "courses", args.courses, seed=args.seed)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
