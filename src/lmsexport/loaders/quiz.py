"""Loading one quiz file: its settings and every question, each question checked on its own."""

from __future__ import annotations

from lmsexport.errors import SourcePos
from lmsexport.loaders.context import LoadContext, check_unique
from lmsexport.loaders.fields import MAX_ATTEMPTS, MAX_MINUTES, MapReader
from lmsexport.loaders.questions import read_question
from lmsexport.loaders.quizctx import QuizContext
from lmsexport.loaders.text import read_source
from lmsexport.loaders.yamlnodes import Map, Scalar, parse_mapping
from lmsexport.model import AnyQuestion, Quiz
from lmsexport.model.ids import make_ident

QUIZ_KEYS = (
    "title",
    "instructions",
    "shuffle",
    "attempts",
    "time_limit",
    "pass_score",
    "questions",
)


def load_quiz(
    ctx: LoadContext, href: str, quiz_id: str, title: str, pos: SourcePos, field: str
) -> Quiz | None:
    """The quiz at course-relative ``href``; ``title`` (if not empty) overrides the file's.

    ``pos`` and ``field`` are the outline entry naming the quiz.  Returns ``None`` when the file
    cannot be read or is not a mapping; other problems are reported and loading goes on.
    """
    shown = ctx.files.shown(href)
    text = read_source(ctx.files.absolute(href), shown, ctx.diagnostics)
    if text is None:
        return None
    node = parse_mapping(text, shown, ctx.diagnostics, "quiz file")
    if node is None:
        return None
    reader = MapReader(node, ctx.diagnostics, what="quiz", allowed=QUIZ_KEYS)
    quiz = QuizContext(ctx, href, tuple(text.split("\n")))
    own_title = reader.text("title", required=True)
    instructions = quiz.markdown(reader, "instructions")
    return Quiz(
        id=quiz_id,
        ident=make_ident(f"{ctx.course_id}/{href}", quiz_id),
        slug=quiz_id,
        title=title or own_title,
        source=ctx.files.absolute(href),
        href=href,
        questions=_questions(quiz, reader),
        instructions=instructions,
        shuffle=reader.boolean("shuffle", False),
        attempts=int(reader.number("attempts", 0, minimum=0, maximum=MAX_ATTEMPTS, integer=True)),
        time_limit=_whole(reader.number("time_limit", above=0, maximum=MAX_MINUTES, integer=True)),
        pass_score=reader.number("pass_score", ctx.pass_score, minimum=0, maximum=100),
        media=tuple(quiz.embedded.media.values()),
        pos=pos,
        source_field=field,
    )


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)


def _questions(quiz: QuizContext, reader: MapReader) -> tuple[AnyQuestion, ...]:
    questions: list[AnyQuestion] = []
    ids: dict[str, SourcePos] = {}
    for index, node in enumerate(reader.seq("questions", required=True)):
        question = read_question(quiz, node, index)
        if question is None:
            continue
        id_node = node.entries.get("id") if isinstance(node, Map) else None
        where = id_node.node.pos if id_node and isinstance(id_node.node, Scalar) else node.pos
        check_unique(
            ids,
            question.id,
            where,
            f"questions[{index}].id",
            "question id",
            quiz.diagnostics,
            "give each question its own `id`",
        )
        questions.append(question)
    return tuple(questions)
