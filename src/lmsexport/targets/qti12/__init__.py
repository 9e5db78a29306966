"""The ``qti12`` target: QTI 1.2 zips in the layout Canvas Classic Quizzes import.

Per quiz a folder ``<quiz-ident>/`` holds the ``questestinterop`` assessment and
Canvas's ``assessment_meta.xml`` (quiz settings), which Canvas only reads there
and only through a ``learning-application-resource``; media keep their course
path and are referenced as ``$IMS-CC-FILEBASE$/<path>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lmsexport.assessment.degrade import degradations
from lmsexport.assessment.model import AssessmentQuiz
from lmsexport.assessment.package import PackagedMedia, package_media, quiz_groups
from lmsexport.errors import Diagnostic
from lmsexport.model import Course, MultipleResponse, Quiz, SingleChoice
from lmsexport.model.ids import make_ident
from lmsexport.targets.base import Artifact, BuildContext, OutputFile
from lmsexport.targets.qti12.assessment import canvas_quiz, environment, render_assessment


@dataclass(frozen=True)
class QuizEntry:
    """A quiz and the two files Canvas reads for it."""

    quiz: AssessmentQuiz
    assessment_href: str
    meta_href: str


@dataclass(frozen=True)
class CanvasPackage:
    """Everything the manifest lists."""

    ident: str
    title: str
    language: str
    quizzes: tuple[QuizEntry, ...]
    media: dict[str, PackagedMedia]


def shuffle_answers(quiz: Quiz) -> bool:
    """Canvas shuffles answers per quiz: on only when every choice question asks for it."""
    flags = [q.shuffle for q in quiz.questions if isinstance(q, SingleChoice | MultipleResponse)]
    return bool(flags) and all(flags)


class Qti12Target:
    """QTI 1.2 for Canvas Classic Quizzes (with Canvas's quiz metadata)."""

    name = "qti12"
    title = "IMS QTI 1.2 (Canvas)"
    schema_sets: tuple[str, ...] = ("qti12",)

    def check(self, course: Course, ctx: BuildContext) -> Sequence[Diagnostic]:
        return degradations(self.name, course)

    def render(self, course: Course, ctx: BuildContext) -> Sequence[Artifact]:
        return [
            self._package(course, quizzes, filename)
            for filename, quizzes in quiz_groups(course, ctx, self.name)
        ]

    def verify(self, artifact: Artifact, ctx: BuildContext) -> Sequence[Diagnostic]:
        return []

    def _package(self, course: Course, quizzes: Sequence[Quiz], filename: str) -> Artifact:
        env = environment()
        entries = tuple(
            QuizEntry(
                canvas_quiz(quiz),
                f"{quiz.ident}/{quiz.ident}.xml",
                f"{quiz.ident}/assessment_meta.xml",
            )
            for quiz in quizzes
        )
        media = package_media(course, [r for e in entries for r in e.quiz.refs])
        package = CanvasPackage(
            make_ident(f"{course.id}/{filename}"), course.title, course.language, entries, media
        )
        files = [
            OutputFile(
                "imsmanifest.xml",
                env.get_template("manifest.xml.j2").render(package=package).encode(),
                "qti12.manifest",
            )
        ]
        meta = env.get_template("assessment_meta.xml.j2")
        for entry in entries:
            files.append(
                OutputFile(entry.assessment_href, render_assessment(entry.quiz), "qti12.assessment")
            )
            shuffle = shuffle_answers(entry.quiz.quiz)
            files.append(
                OutputFile(
                    entry.meta_href, meta.render(quiz=entry.quiz, shuffle_answers=shuffle).encode()
                )
            )
        files += [OutputFile(m.href, m.media.path.read_bytes()) for m in media.values()]
        return Artifact(filename, tuple(files))
