#!/usr/bin/env python3
# Generates the committed corpus of good and hostile CV PDFs for the PDF intake tests
# (crates/api/tests/fixtures/pdf/, expected outcome of each file in MANIFEST.md there).
# Run from the repository root:
#   pip install -r scripts/requirements-fixtures.txt && python3 scripts/make_pdf_fixtures.py
"""Build the PDF intake fixtures.

Every file is generated deterministically: reportlab runs with ``invariant=1`` (fixed dates
and /ID), pypdf gets a fixed /ID before encrypting (RC4, so no random IVs), random bytes come
from seeded generators, and the hand-written PDFs have fixed /IDs. Re-running the script with
the pinned libraries and the same DejaVu font files gives byte-identical output.

The hostile files are written by hand (``RawPdf``) so that each one carries exactly one
defect; the good CVs come from reportlab with an embedded TrueType font (DejaVu Sans, or
reportlab's bundled Vera when DejaVu is absent) so that accents are real text.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions
from pypdf.generic import ArrayObject, ByteStringObject
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.lib.fonts import addMapping
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    PageBreak,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "crates" / "api" / "tests" / "fixtures" / "pdf"
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
MiB = 1024 * 1024

# --------------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------------

FONT = "CVSans"  # registered family name, whatever file backs it
FONT_SOURCE = ""  # filled in by register_fonts(), reported in MANIFEST.md


def register_fonts() -> None:
    """Register an embeddable TrueType family with Latin-1 + œ glyphs."""
    global FONT_SOURCE
    dejavu = {
        "": DEJAVU_DIR / "DejaVuSans.ttf",
        "-Bold": DEJAVU_DIR / "DejaVuSans-Bold.ttf",
        "-Oblique": DEJAVU_DIR / "DejaVuSans-Oblique.ttf",
        "-BoldOblique": DEJAVU_DIR / "DejaVuSans-BoldOblique.ttf",
    }
    if all(p.is_file() for p in dejavu.values()):
        files = dejavu
        FONT_SOURCE = f"DejaVu Sans ({DEJAVU_DIR})"
    else:
        import reportlab

        rl = Path(reportlab.__file__).parent / "fonts"
        files = {
            "": rl / "Vera.ttf",
            "-Bold": rl / "VeraBd.ttf",
            "-Oblique": rl / "VeraIt.ttf",
            "-BoldOblique": rl / "VeraBI.ttf",
        }
        FONT_SOURCE = "Bitstream Vera (bundled with reportlab; DejaVu not found)"
    for suffix, path in files.items():
        pdfmetrics.registerFont(TTFont(FONT + suffix, str(path)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT + "-Bold")
    addMapping(FONT, 0, 1, FONT + "-Oblique")
    addMapping(FONT, 1, 1, FONT + "-BoldOblique")


def font_file() -> Path:
    if FONT_SOURCE.startswith("DejaVu"):
        return DEJAVU_DIR / "DejaVuSans.ttf"
    import reportlab

    return Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


# --------------------------------------------------------------------------------------------
# Good CVs (reportlab platypus)
# --------------------------------------------------------------------------------------------


def styles(base: float = 9.5) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=base, leading=base * 1.3, alignment=TA_LEFT)
    return {
        "name": ParagraphStyle("name", parent=body, fontName=FONT + "-Bold", fontSize=base * 2.1, leading=base * 2.5),
        "title": ParagraphStyle("title", parent=body, fontSize=base * 1.3, leading=base * 1.7, textColor=colors.HexColor("#1f4e79")),
        "contact": ParagraphStyle("contact", parent=body, textColor=colors.HexColor("#444444"), spaceAfter=4),
        "h": ParagraphStyle("h", parent=body, fontName=FONT + "-Bold", fontSize=base * 1.2, leading=base * 1.6,
                            spaceBefore=7, spaceAfter=2, textColor=colors.HexColor("#1f4e79")),
        "job": ParagraphStyle("job", parent=body, fontName=FONT + "-Bold", spaceBefore=3),
        "p": body,
        "li": ParagraphStyle("li", parent=body, leftIndent=10, bulletIndent=2),
        "small": ParagraphStyle("small", parent=body, fontSize=base * 0.85, leading=base * 1.1),
    }


Block = tuple[str, object]


def flowables(blocks: list[Block], st: dict[str, ParagraphStyle]) -> list:
    out: list = []
    for kind, value in blocks:
        if kind == "li":
            for item in value:  # type: ignore[union-attr]
                out.append(Paragraph(escape(item), st["li"], bulletText="•"))
        elif kind == "space":
            out.append(Spacer(1, float(value)))  # type: ignore[arg-type]
        elif kind == "framebreak":
            out.append(FrameBreak())
        elif kind == "pagebreak":
            out.append(PageBreak())
        else:
            out.append(Paragraph(escape(str(value)), st[kind]))
    return out


def doc_meta(title: str, author: str, lang: str) -> dict:
    return dict(
        invariant=1,
        pageCompression=1,
        title=title,
        author=author,
        subject="Curriculum vitae",
        creator="OffreAPI scripts/make_pdf_fixtures.py",
        lang=lang,
    )


def build_simple(blocks: list[Block], *, title: str, author: str, lang: str, base: float = 9.5,
                 expect_pages: int = 1) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm,
                            topMargin=14 * mm, bottomMargin=14 * mm, **doc_meta(title, author, lang))
    doc.build(flowables(blocks, styles(base)))
    data = buf.getvalue()
    check_pages(data, expect_pages, title)
    return data


def check_pages(data: bytes, expected: int, what: str) -> None:
    n = len(PdfReader(io.BytesIO(data)).pages)
    if n != expected:
        raise SystemExit(f"{what}: expected {expected} page(s), got {n}; shorten the text")


CV_FR_RUST: list[Block] = [
    ("name", "Camille Lefèvre"),
    ("title", "Développeuse backend senior — Rust, PostgreSQL, Kubernetes"),
    ("contact", "Lyon (69) · camille.lefevre@example.fr · +33 6 00 00 00 00 · github.com/camille-lefevre-exemple"),
    ("h", "Profil"),
    ("p", "Huit ans d’expérience dans la conception d’API et de services distribués. « Des services "
          "simples, mesurés et testés » : c’est le cœur de ma façon de travailler. J’ai mené la migration "
          "vers Rust d’un système de paiement à fort trafic et j’accompagne les équipes qui adoptent le langage."),
    ("h", "Compétences"),
    ("li", [
        "Langages : Rust (tokio, actix-web, axum, serde, sqlx), Go, Python, SQL.",
        "Bases de données : PostgreSQL (index, partitionnement, réplication logique), Redis.",
        "Conteneurs et déploiement : Docker, Kubernetes, Helm, Terraform, GitLab CI/CD.",
        "Observabilité : Prometheus, Grafana, OpenTelemetry, journaux structurés (tracing).",
        "Méthodes : revue de code, tests de propriétés, conception pilotée par le domaine.",
    ]),
    ("h", "Expérience professionnelle"),
    ("job", "2021 – aujourd’hui · Ingénieure backend senior, Lumière Paiements (Lyon)"),
    ("li", [
        "Réécriture en Rust (actix-web, sqlx) du service de règlement : latence p99 divisée par quatre, "
        "consommation mémoire réduite de 70 %.",
        "Migration de PostgreSQL 11 à 15 sans interruption ; schéma révisé et requêtes optimisées à l’aide d’EXPLAIN.",
        "Conteneurisation avec Docker et déploiement sur Kubernetes (Helm) ; mise en place des sondes et de l’autoscaling.",
        "Encadrement de trois développeurs ; animation d’un atelier interne « Rust au quotidien ».",
    ]),
    ("job", "2018 – 2021 · Développeuse backend, Atelier Numérique de la Côte (Dijon)"),
    ("li", [
        "API REST en Go puis en Rust pour la gestion des réservations (20 000 requêtes par minute).",
        "Files de messages avec Kafka ; traitement à la demande des événements de facturation.",
        "Chaîne d’intégration continue GitLab : tests, analyse statique (clippy), images Docker signées.",
    ]),
    ("job", "2016 – 2018 · Développeuse Python, Bureau d’études Rhône-Alpes Données (Grenoble)"),
    ("li", [
        "Outils d’import et de nettoyage de données ; premiers services écrits en Rust pour les traitements lourds.",
    ]),
    ("h", "Formation"),
    ("p", "2016 · Diplôme d’ingénieur en informatique, spécialité systèmes et réseaux."),
    ("p", "2013 · Classe préparatoire aux grandes écoles, filière MP."),
    ("h", "Langues et centres d’intérêt"),
    ("p", "Français (langue maternelle), anglais (courant, C1), espagnol (notions). Co-organisatrice des "
          "rencontres « Rust Lyon », contributions à des crates libres, randonnée et chœur amateur."),
]

CV_EN_RUST: list[Block] = [
    ("name", "Daniel Okafor"),
    ("title", "Senior Backend Engineer — Rust, PostgreSQL, Kubernetes"),
    ("contact", "Manchester, United Kingdom · daniel.okafor@example.com · +44 7700 900000"),
    ("h", "Summary"),
    ("p", "Backend engineer with nine years of experience building reliable, observable services. "
          "I have written production Rust since 2019, own services end to end from schema design to "
          "on-call, and care about clear APIs, fast CI/CD pipelines and boring deployments."),
    ("h", "Skills"),
    ("li", [
        "Rust: tokio, actix-web, axum, serde, sqlx, tonic (gRPC), tracing, criterion.",
        "Databases: PostgreSQL (query planning, partitioning, logical replication), Redis, SQLite.",
        "Infrastructure: Docker, Kubernetes, Helm, Argo CD, Terraform, AWS (EKS, RDS, S3).",
        "CI/CD: GitHub Actions, GitLab CI, cargo-deny, reproducible container builds.",
        "Practices: code review, property-based testing, incident response, technical writing.",
    ]),
    ("h", "Experience"),
    ("job", "2021 – present · Senior Backend Engineer, Northwind Logistics (remote)"),
    ("li", [
        "Led the rewrite of the shipment-tracking API from Node.js to Rust (actix-web, sqlx); "
        "p99 latency fell from 180 ms to 35 ms and the service now runs on a third of the pods.",
        "Designed the PostgreSQL schema for 400 million tracking events with monthly partitions.",
        "Moved twelve services to Kubernetes with Helm charts, readiness probes and autoscaling.",
        "Built a CI/CD pipeline on GitHub Actions: tests, clippy, cargo-deny, image signing, canary deploys.",
    ]),
    ("job", "2017 – 2021 · Backend Developer, Harbour Health (Leeds)"),
    ("li", [
        "Built appointment and messaging APIs in Python and later Rust; introduced gRPC between services.",
        "Ran the PostgreSQL upgrade from 9.6 to 12 and cut the nightly batch from four hours to forty minutes.",
        "Mentored four junior developers; wrote the team's Rust onboarding guide.",
    ]),
    ("job", "2015 – 2017 · Software Developer, Pennine Analytics (Sheffield)"),
    ("li", ["Data ingestion services in Java and Python; Docker-based local development environment."]),
    ("h", "Education"),
    ("p", "2015 · MEng Computer Science, upper second-class honours."),
    ("h", "Other"),
    ("p", "Speaker at a regional Rust meetup (\"Backpressure in async Rust\"). Maintainer of a small "
          "open-source crate for PostgreSQL advisory locks. English (native), French (B2)."),
]

CV_EN_FRONTEND: list[Block] = [
    ("name", "Priya Raman"),
    ("title", "Frontend Developer — JavaScript, TypeScript, React"),
    ("contact", "Bristol, United Kingdom · priya.raman@example.com · +44 7700 900123"),
    ("h", "Summary"),
    ("p", "Frontend developer with six years of experience shipping accessible, fast web applications. "
          "I enjoy design systems, component testing and working closely with designers."),
    ("h", "Skills"),
    ("li", [
        "JavaScript (ES2023), TypeScript, React, Next.js, Redux Toolkit, React Query.",
        "HTML, CSS, Sass, Tailwind CSS, CSS Grid and Flexbox, responsive design.",
        "Testing: Jest, React Testing Library, Playwright, Storybook visual tests.",
        "Tooling: Vite, webpack, ESLint, Prettier, npm workspaces; basic Node.js and Express.",
        "Accessibility: WCAG 2.2 AA audits, screen reader testing, keyboard navigation.",
    ]),
    ("h", "Experience"),
    ("job", "2020 – present · Frontend Developer, Meadow Retail (Bristol)"),
    ("li", [
        "Rebuilt the checkout in React and TypeScript; conversion rose by 6 % and bundle size fell by 40 %.",
        "Created a component library in Storybook used by four product teams.",
        "Introduced Playwright end-to-end tests that run on every pull request.",
    ]),
    ("job", "2018 – 2020 · Junior Web Developer, Studio Lantern (Bath)"),
    ("li", [
        "Built marketing sites and small single-page applications with Vue.js and React.",
        "Worked with designers in Figma to turn mock-ups into responsive pages.",
    ]),
    ("h", "Education"),
    ("p", "2018 · BSc Digital Media, first-class honours."),
    ("h", "Languages"),
    ("p", "English (native), Tamil (fluent), Spanish (A2)."),
]

CV_FR_COMPTABLE: list[Block] = [
    ("name", "Martine Gérard-Rousseau"),
    ("title", "Comptable confirmée — comptabilité générale et fiscalité"),
    ("contact", "Nantes (44) · martine.gerard@example.fr · +33 6 00 00 00 01"),
    ("h", "Profil"),
    ("p", "Douze ans d’expérience en cabinet d’expertise comptable puis en entreprise. Rigoureuse et "
          "organisée, je prends en charge la tenue complète des comptes jusqu’à l’établissement du bilan."),
    ("h", "Compétences"),
    ("li", [
        "Tenue de la comptabilité générale et analytique, rapprochements bancaires, lettrage.",
        "Déclarations de TVA, liasses fiscales, CFE et CVAE ; préparation des dossiers de révision.",
        "Clôtures mensuelles et annuelles, établissement des bilans et comptes de résultat.",
        "Paie : préparation des éléments variables, déclarations sociales nominatives (DSN).",
        "Logiciels : Sage 100, Cegid, EBP, Excel (tableaux croisés dynamiques, RECHERCHEX).",
    ]),
    ("h", "Expérience professionnelle"),
    ("job", "2019 – aujourd’hui · Comptable unique, Maison Brière Menuiseries (Saint-Nazaire)"),
    ("li", [
        "Tenue complète de la comptabilité d’une PME de 45 salariés ; clôture annuelle avec l’expert-comptable.",
        "Suivi de la trésorerie, relances clients et prévisionnel sur douze mois.",
    ]),
    ("job", "2012 – 2019 · Collaboratrice comptable, Cabinet Lemaître & Associés (Nantes)"),
    ("li", [
        "Portefeuille de soixante dossiers : artisans, commerçants, professions libérales.",
        "Préparation des bilans, des liasses fiscales et des déclarations de TVA.",
    ]),
    ("h", "Formation"),
    ("p", "2012 · Diplôme de comptabilité et de gestion (DCG)."),
    ("p", "2010 · BTS Comptabilité et gestion des organisations."),
    ("h", "Centres d’intérêt"),
    ("p", "Trésorière bénévole d’une association sportive, cuisine, lecture."),
]

SIDEBAR_DE: list[Block] = [
    ("h", "Skills"),
    ("li", ["Python", "SQL", "Apache Spark", "Apache Airflow", "dbt", "Kafka", "pandas / Polars",
            "AWS: S3, EMR, Glue", "Terraform", "Docker"]),
    ("h", "Databases"),
    ("li", ["PostgreSQL", "Snowflake", "BigQuery", "Delta Lake"]),
    ("h", "Languages"),
    ("li", ["English (native)", "Portuguese (fluent)", "German (B1)"]),
    ("h", "Education"),
    ("p", "MSc Data Science, 2017"),
    ("p", "BSc Mathematics, 2015"),
    ("h", "Contact"),
    ("small", "lucas.ferreira@example.com"),
    ("small", "+44 7700 900456"),
    ("small", "Edinburgh, United Kingdom"),
]

MAIN_DE: list[Block] = [
    ("name", "Lucas Ferreira"),
    ("title", "Data Engineer — Python, SQL, Spark, Airflow"),
    ("h", "Profile"),
    ("p", "Data engineer with seven years of experience designing batch and streaming pipelines. "
          "I build data platforms that analysts trust: tested transformations, documented tables, "
          "clear ownership and alerts that mean something."),
    ("h", "Experience"),
    ("job", "2021 – present · Senior Data Engineer, Thistle Energy (Edinburgh)"),
    ("li", [
        "Designed the lakehouse on S3 and Delta Lake; Spark jobs process 2 TB of smart-meter readings a day.",
        "Migrated 140 cron scripts to Apache Airflow with retries, SLAs and data-quality checks.",
        "Introduced dbt for the SQL layer; test coverage of core models went from zero to 85 %.",
        "Cut the monthly EMR bill by a third by right-sizing clusters and partitioning tables by day.",
    ]),
    ("job", "2018 – 2021 · Data Engineer, Clearwater Insurance (Glasgow)"),
    ("li", [
        "Built Python ingestion services for policy and claims data; Kafka topics feed a Snowflake warehouse.",
        "Wrote the SQL models behind the fraud team's weekly reports.",
        "Set up CI for pipelines: unit tests with pytest, schema checks, automatic documentation.",
    ]),
    ("job", "2017 – 2018 · Graduate Analyst, Forth Data Consulting (Edinburgh)"),
    ("li", ["Reporting in SQL and Python for retail clients; first production Spark jobs."]),
    ("h", "Selected projects"),
    ("li", [
        "Open-source Airflow provider for a public weather API (maintainer).",
        "Talk: \"Backfills without tears\" at a regional Python conference.",
    ]),
]


def build_two_columns() -> bytes:
    buf = io.BytesIO()
    w, h = A4
    side_w = 62 * mm
    margin = 12 * mm
    doc = BaseDocTemplate(buf, pagesize=A4, **doc_meta("Lucas Ferreira — CV", "Lucas Ferreira", "en-GB"))
    sidebar = Frame(margin, margin, side_w - margin, h - 2 * margin, id="sidebar",
                    leftPadding=0, rightPadding=6, topPadding=0, bottomPadding=0)
    main = Frame(side_w + 8 * mm, margin, w - side_w - 8 * mm - margin, h - 2 * margin, id="main",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def background(canvas, _doc):
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#eef3f8"))
        canvas.rect(0, 0, side_w + 2 * mm, h, stroke=0, fill=1)
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="cv", frames=[sidebar, main], onPage=background)])
    st = styles(9.5)
    story = flowables(SIDEBAR_DE, st) + [FrameBreak()] + flowables(MAIN_DE, st)
    doc.build(story)
    data = buf.getvalue()
    check_pages(data, 1, "two-column CV")
    return data


def ten_page_blocks() -> list[Block]:
    """A research software engineer's long CV: one page of career, nine of publications."""
    rng = random.Random(20261124)
    topics = ["memory-safe parsers", "incremental query evaluation", "lock-free queues",
              "streaming joins", "vectorised string search", "provenance tracking",
              "schema evolution", "approximate counting", "columnar compression",
              "type-directed testing", "garbage-free logging", "deterministic replay",
              "cache-oblivious layouts", "sandboxed plugins", "differential fuzzing",
              "energy-aware scheduling", "verified serialisation", "time-series indexing"]
    verbs = ["Revisiting", "Measuring", "Towards", "Scaling", "Simplifying", "Understanding",
             "Automating", "Hardening", "Rethinking", "Benchmarking"]
    contexts = ["for scientific workflows", "in production databases", "on commodity clusters",
                "for embedded systems", "in large codebases", "under adversarial input",
                "at the edge", "for open data portals", "in the cloud", "with Rust"]
    venues = ["Proceedings of the Workshop on Systems for Research Software",
              "Journal of Open Research Infrastructure",
              "International Conference on Data Engineering Practice",
              "Symposium on Reliable Software Systems",
              "Transactions on Scientific Computing Tools",
              "European Workshop on Programming Languages and Tools"]
    coauthors = ["A. Novak", "B. Mensah", "C. Lindqvist", "D. Haddad", "E. Moreau", "F. Tanaka",
                 "G. O'Brien", "H. Petrov", "I. Castillo", "J. Weber", "K. Adeyemi", "L. Rossi"]

    blocks: list[Block] = [
        ("name", "Dr Helena Varga"),
        ("title", "Research Software Engineer — systems, data and reproducibility"),
        ("contact", "Cambridge, United Kingdom · helena.varga@example.org"),
        ("h", "Summary"),
        ("p", "Research software engineer with twelve years in academic and industrial research groups. "
              "I turn research prototypes into maintained tools, teach software practice to scientists "
              "and publish on data systems and programming tools. Full publication list follows."),
        ("h", "Positions"),
        ("li", [
            "2019 – present · Senior Research Software Engineer, Institute for Computational Research.",
            "2015 – 2019 · Research Software Engineer, Data Systems Laboratory.",
            "2013 – 2015 · Postdoctoral Researcher, Programming Tools Group.",
            "2009 – 2013 · PhD in Computer Science, thesis on incremental data processing.",
        ]),
        ("h", "Skills"),
        ("li", [
            "Rust, C++, Python, SQL; PostgreSQL, DuckDB, Apache Arrow; Linux, Docker, Kubernetes, Slurm.",
            "Continuous integration for research code, packaging, documentation, reproducible builds.",
        ]),
        ("h", "Teaching and service"),
        ("li", [
            "Instructor for software carpentry workshops (over 30 workshops since 2014).",
            "Programme committee member for four research software workshops.",
            "Reviewer for journals on research infrastructure and scientific computing.",
        ]),
        ("pagebreak", None),
    ]
    n = 0
    for page in range(2, 11):
        blocks.append(("h", f"Publications (continued, page {page} of 10)"))
        items = []
        for _ in range(30):
            n += 1
            year = 2025 - n // 12
            authors = ", ".join(["H. Varga"] + rng.sample(coauthors, rng.randint(1, 3)))
            title = f"{rng.choice(verbs)} {rng.choice(topics)} {rng.choice(contexts)}"
            items.append(f"[{n}] {authors}. {title}. {rng.choice(venues)}, {year}, "
                         f"pp. {rng.randint(1, 300)}–{rng.randint(301, 320)}.")
        blocks.append(("li", items))
        if page < 10:
            blocks.append(("pagebreak", None))
    return blocks


# --------------------------------------------------------------------------------------------
# Hand-written PDFs
# --------------------------------------------------------------------------------------------


def pdf_stream(entries: bytes, data: bytes) -> bytes:
    return b"<<" + entries + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def flate(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def fixed_id(name: str) -> bytes:
    return hashlib.md5(b"offreapi-fixture:" + name.encode()).digest()


@dataclass
class RawPdf:
    """Minimal PDF writer: numbered objects, one classic xref section, 20-byte entries."""

    name: str
    objects: dict[int, bytes]
    root: int = 1

    def serialize(self, version: bytes = b"1.7") -> bytes:
        out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
        offsets: dict[int, int] = {}
        for num in sorted(self.objects):
            offsets[num] = len(out)
            out += b"%d 0 obj\n" % num + self.objects[num] + b"\nendobj\n"
        size = max(self.objects) + 1
        xref_at = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for num in range(1, size):
            if num in offsets:
                out += b"%010d 00000 n \n" % offsets[num]
            else:
                out += b"0000000000 00001 f \n"
        hex_id = fixed_id(self.name).hex().encode()
        out += (b"trailer\n<</Size %d/Root %d 0 R/ID[<%s><%s>]>>\nstartxref\n%d\n%%%%EOF\n"
                % (size, self.root, hex_id, hex_id, xref_at))
        return bytes(out)


HELVETICA = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>"
MEDIABOX = b"/MediaBox[0 0 595.28 841.89]"


def text_ops(lines: list[str], x: int = 72, y: int = 770, size: int = 11) -> bytes:
    """BT/ET block drawing ASCII lines with font /F1."""
    def lit(s: str) -> bytes:
        return s.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    ops = [b"BT /F1 %d Tf %d TL %d %d Td" % (size, size + 4, x, y)]
    for line in lines:
        ops.append(b"(" + lit(line) + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


SHORT_CV_LINES = [
    "Alex Martin - Backend developer",
    "Skills: Rust, actix-web, PostgreSQL, Docker, Kubernetes, CI/CD.",
    "2020 - present: backend engineer, payments platform (Rust, PostgreSQL).",
]


def one_page_pdf(name: str, page_extra: bytes, content: bytes, pages_extra: bytes = MEDIABOX,
                 extra_objects: dict[int, bytes] | None = None) -> bytes:
    objs = {
        1: b"<</Type/Catalog/Pages 2 0 R>>",
        2: b"<</Type/Pages/Kids[3 0 R]/Count 1" + pages_extra + b">>",
        3: b"<</Type/Page/Parent 2 0 R/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R" + page_extra + b">>",
        4: HELVETICA,
        5: pdf_stream(b"/Filter/FlateDecode", flate(content)),
    }
    objs.update(extra_objects or {})
    return RawPdf(name, objs).serialize()


def build_image_only() -> bytes:
    """A 'scanned' page: 1-bit raster of rendered text, no text operators, no font."""
    w, h = 1240, 1754  # A4 at 150 dpi
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    big = ImageFont.truetype(str(font_file()), 44)
    small = ImageFont.truetype(str(font_file()), 24)
    draw.text((110, 120), "Jordan Petit", font=big, fill=0)
    draw.text((110, 185), "Développeur backend — Rust, PostgreSQL, Docker", font=small, fill=0)
    y = 260
    lines = [
        "Expérience",
        "2019 – 2025 : développeur backend, services de facturation en Rust (actix-web).",
        "2016 – 2019 : développeur Python, traitement de données et API REST.",
        "",
        "Compétences",
        "Rust, PostgreSQL, Docker, Kubernetes, intégration continue.",
        "",
        "Ce document est une image scannée : il ne contient aucun texte extractible.",
    ]
    for line in lines:
        draw.text((110, y), line, font=small, fill=0)
        y += 40
    draw.rectangle((100, 240, w - 100, 242), fill=0)
    bw = img.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)
    raw = bw.tobytes()  # packed rows, MSB first, 1 = white: matches DeviceGray 1 bpc
    image = pdf_stream(b"/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray"
                       b"/BitsPerComponent 1/Filter/FlateDecode" % (w, h), flate(raw))
    content = b"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q\n"
    objs = {
        1: b"<</Type/Catalog/Pages 2 0 R>>",
        2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        3: b"<</Type/Page/Parent 2 0 R" + MEDIABOX + b"/Resources<</XObject<</Im0 4 0 R>>>>/Contents 5 0 R>>",
        4: image,
        5: pdf_stream(b"/Filter/FlateDecode", flate(content)),
    }
    return RawPdf("image_only", objs).serialize()


def build_many_pages(n: int = 2000) -> bytes:
    """n pages, one short line each; one shared font and MediaBox inherited from the root.

    To stay small, the dictionaries (catalog, page tree, font, pages) live in compressed object
    streams of 100 objects and the cross-reference is a compressed xref stream (PDF 1.5, as Word
    and most modern producers write); each page's content stream is a plain 50-byte object."""
    first = 4
    kids = b" ".join(b"%d 0 R" % (first + 2 * i) for i in range(n))
    dicts = {
        1: b"<</Type/Catalog/Pages 2 0 R>>",
        2: b"<</Type/Pages/Count %d" % n + MEDIABOX + b"/Resources<</Font<</F1 3 0 R>>>>/Kids[" + kids + b"]>>",
        3: HELVETICA,
    }
    streams = {}
    for i in range(n):
        page, content = first + 2 * i, first + 2 * i + 1
        dicts[page] = b"<</Type/Page/Parent 2 0 R/Contents %d 0 R>>" % content
        streams[content] = pdf_stream(b"", b"BT/F1 11 Tf 72 770 Td(Page %d of %d: Rust CV line.)Tj ET"
                                      % (i + 1, n))
    return serialize_with_object_streams("many_pages", dicts, streams)


def serialize_with_object_streams(name: str, dicts: dict[int, bytes], streams: dict[int, bytes],
                                  per_stream: int = 100) -> bytes:
    """PDF 1.5 writer: non-stream objects packed into /ObjStm objects, xref stream at the end."""
    next_num = max(max(dicts), max(streams)) + 1
    where: dict[int, tuple[int, int]] = {}  # object -> (object stream number, index)
    objstms: dict[int, bytes] = {}
    nums = sorted(dicts)
    for start in range(0, len(nums), per_stream):
        group = nums[start:start + per_stream]
        header, body = [], bytearray()
        for idx, num in enumerate(group):
            header.append(b"%d %d" % (num, len(body)))
            body += dicts[num] + b"\n"
            where[num] = (next_num, idx)
        head = b" ".join(header) + b"\n"
        objstms[next_num] = pdf_stream(b"/Type/ObjStm/N %d/First %d/Filter/FlateDecode" % (len(group), len(head)),
                                       flate(head + bytes(body)))
        next_num += 1
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num, body in sorted({**streams, **objstms}.items()):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref_num = next_num
    size = xref_num + 1
    offsets[xref_num] = len(out)
    rows = bytearray()
    for num in range(size):
        if num in offsets:
            rows += struct.pack(">BIH", 1, offsets[num], 0)
        elif num in where:
            rows += struct.pack(">BIH", 2, *where[num])
        else:
            rows += struct.pack(">BIH", 0, 0, 65535 if num == 0 else 1)
    hex_id = fixed_id(name).hex().encode()
    xref = pdf_stream(b"/Type/XRef/Size %d/W[1 4 2]/Root 1 0 R/ID[<%s><%s>]/Filter/FlateDecode"
                      % (size, hex_id, hex_id), flate(bytes(rows)))
    out += b"%d 0 obj\n" % xref_num + xref + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_num]
    return bytes(out)


BOMB_INFLATED = 300 * MiB


def build_decompression_bomb() -> bytes:
    """One content stream, Flate level 9, inflating to 300 MiB + a text prefix (streamed)."""
    comp = zlib.compressobj(9)
    parts = [comp.compress(text_ops(["Decompression bomb: 300 MiB of spaces follow."]))]
    chunk = b" " * MiB
    for _ in range(BOMB_INFLATED // MiB):
        parts.append(comp.compress(chunk))
    parts.append(comp.flush())
    data = b"".join(parts)
    return one_page_pdf("decompression_bomb", b"", b"", extra_objects={
        5: pdf_stream(b"/Filter/FlateDecode", data)})


NESTING = 100_000


def build_nested_arrays() -> bytes:
    content = (text_ops(SHORT_CV_LINES) + b"BT " + b"[" * NESTING + b"(x)" + b"]" * NESTING + b" TJ ET\n")
    return one_page_pdf("nested_arrays", b"", content)


def build_self_referencing_xobject() -> bytes:
    form_content = text_ops(["Inside form Fm0, which draws itself again:"], y=600) + b"/Fm0 Do\n"
    form = pdf_stream(b"/Type/XObject/Subtype/Form/BBox[0 0 595.28 841.89]"
                      b"/Resources<</Font<</F1 4 0 R>>/XObject<</Fm0 6 0 R>>>>/Filter/FlateDecode",
                      flate(form_content))
    objs = {
        1: b"<</Type/Catalog/Pages 2 0 R>>",
        2: b"<</Type/Pages/Kids[3 0 R]/Count 1" + MEDIABOX + b">>",
        3: b"<</Type/Page/Parent 2 0 R/Resources<</Font<</F1 4 0 R>>/XObject<</Fm0 6 0 R>>>>/Contents 5 0 R>>",
        4: HELVETICA,
        5: pdf_stream(b"/Filter/FlateDecode", flate(text_ops(SHORT_CV_LINES) + b"q /Fm0 Do Q\n")),
        6: form,
    }
    return RawPdf("self_referencing_xobject", objs).serialize()


def build_missing_mediabox() -> bytes:
    return one_page_pdf("missing_mediabox", b"", text_ops(SHORT_CV_LINES), pages_extra=b"")


def build_page_tree_cycle() -> bytes:
    """Root Pages node 2 lists itself among its Kids and is its own Parent; no MediaBox."""
    objs = {
        1: b"<</Type/Catalog/Pages 2 0 R>>",
        2: b"<</Type/Pages/Parent 2 0 R/Kids[3 0 R 2 0 R]/Count 1>>",
        3: b"<</Type/Page/Parent 2 0 R/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
        4: HELVETICA,
        5: pdf_stream(b"/Filter/FlateDecode", flate(text_ops(SHORT_CV_LINES))),
    }
    return RawPdf("page_tree_cycle", objs).serialize()


# --------------------------------------------------------------------------------------------
# Transformations of good CVs
# --------------------------------------------------------------------------------------------


def encrypt(src: bytes, name: str, user_password: str, owner_password: str, permissions: int) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(src)))
    ident = ByteStringObject(fixed_id(name))
    writer._ID = ArrayObject([ident, ident])
    # pypdf would draw a random second /ID; RC4 needs no IV, so this keeps the output stable.
    writer.generate_file_identifiers = lambda: None  # type: ignore[method-assign]
    writer.encrypt(user_password=user_password, owner_password=owner_password,
                   algorithm="RC4-128", permissions_flag=permissions)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


XREF_RE = re.compile(rb"xref\n0 (\d+)\n")


def rewrite_xref(src: bytes, *, eol: bytes = b" \n", shift: int = 0) -> bytes:
    """Re-emit the single classic xref section of a reportlab file.

    eol=b"\\n" gives 19-byte entries (out of spec); shift moves every in-use offset."""
    startxref = int(src[src.rindex(b"startxref") + 9:].split()[0])
    m = XREF_RE.match(src, startxref)
    if not m:
        raise SystemExit("unexpected xref layout in reportlab output")
    count = int(m.group(1))
    pos = m.end()
    entries = []
    for i in range(count):
        entry = src[pos + 20 * i: pos + 20 * (i + 1)]
        off, gen, kind = entry[:10], entry[11:16], entry[17:18]
        if entry[18:20] not in (b" \n", b"\r\n"):
            raise SystemExit("unexpected xref entry %r" % entry)
        if kind == b"n":
            off = b"%010d" % (int(off) + shift)
        entries.append(off + b" " + gen + b" " + kind + eol)
    tail = src[pos + 20 * count:]
    if not tail.startswith(b"trailer"):
        raise SystemExit("reportlab wrote more than one xref subsection")
    return src[:pos] + b"".join(entries) + tail


def junk_header(src: bytes, n: int = 300) -> bytes:
    rng = random.Random(300)
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -_=:;.,\n"
    junk = bytes(rng.choice(alphabet) for _ in range(n))
    assert b"%PDF" not in junk
    return junk + src


def tiny_png() -> bytes:
    """A 48x48 grayscale gradient PNG, written by hand (no PIL), so it never changes."""
    w = h = 48
    rows = b"".join(b"\x00" + bytes((x * 5 + y * 2) % 256 for x in range(w)) for y in range(h))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------


@dataclass
class Fixture:
    name: str
    build: Callable[[dict[str, bytes]], bytes]
    how: str
    expected: str


FIXTURES: list[Fixture] = [
    Fixture("cv_fr_rust_backend.pdf",
            lambda _: build_simple(CV_FR_RUST, title="Camille Lefèvre — CV", author="Camille Lefèvre", lang="fr-FR"),
            "reportlab platypus, embedded TrueType subset; French backend developer (Rust, PostgreSQL, "
            "Docker, Kubernetes, actix-web), é è à ç ô, œ (cœur, chœur), « »; 1 page",
            "accepted (strong match for a Rust backend offer)"),
    Fixture("cv_en_rust_backend.pdf",
            lambda _: build_simple(CV_EN_RUST, title="Daniel Okafor — CV", author="Daniel Okafor", lang="en-GB"),
            "reportlab platypus; English senior backend engineer (Rust, PostgreSQL, Kubernetes, CI/CD); 1 page",
            "accepted (strong match)"),
    Fixture("cv_en_frontend.pdf",
            lambda _: build_simple(CV_EN_FRONTEND, title="Priya Raman — CV", author="Priya Raman", lang="en-GB"),
            "reportlab platypus; English JavaScript/TypeScript/React frontend developer; 1 page",
            "accepted (weak match)"),
    Fixture("cv_fr_comptable.pdf",
            lambda _: build_simple(CV_FR_COMPTABLE, title="Martine Gérard-Rousseau — CV",
                                   author="Martine Gérard-Rousseau", lang="fr-FR"),
            "reportlab platypus; French accountant (comptabilité, TVA, bilans); 1 page",
            "accepted (no match)"),
    Fixture("cv_en_two_columns.pdf", lambda _: build_two_columns(),
            "reportlab, two frames: skills sidebar (drawn first) + main column; English data engineer "
            "(Python, SQL, Spark, Airflow); 1 page",
            "accepted (weak match; tests column handling)"),
    Fixture("cv_en_ten_pages.pdf",
            lambda _: build_simple(ten_page_blocks(), title="Dr Helena Varga — CV", author="Helena Varga",
                                   lang="en-GB", base=8.5, expect_pages=10),
            "reportlab platypus; English research software engineer: 1 page of career + 9 pages of "
            "publications (270 seeded entries); 10 pages",
            "accepted"),
    Fixture("image_only.pdf", lambda _: build_image_only(),
            "hand-written PDF; the page draws one 1-bit 1240x1754 Flate image of rendered French CV text "
            "(Pillow + DejaVu); no font, no text operators",
            "422 no_text"),
    Fixture("encrypted_user_password.pdf",
            lambda got: encrypt(got["cv_en_rust_backend.pdf"], "encrypted_user_password",
                                "candidate-secret", "owner-secret", -1),
            "pypdf: cv_en_rust_backend.pdf encrypted RC4-128 (V2 R3), user password `candidate-secret`, "
            "owner password `owner-secret`",
            "422 encrypted"),
    Fixture("encrypted_owner_only.pdf",
            lambda got: encrypt(got["cv_fr_rust_backend.pdf"], "encrypted_owner_only", "", "owner-secret",
                                -1 & ~(UserAccessPermissions.MODIFY | UserAccessPermissions.ADD_OR_MODIFY)),
            "pypdf: cv_fr_rust_backend.pdf encrypted RC4-128 (V2 R3) with an empty user password, owner "
            "password `owner-secret`, modify/annotate permissions cleared",
            "accepted (decrypt with the empty user password; same text as cv_fr_rust_backend.pdf)"),
    Fixture("truncated.pdf",
            lambda got: got["cv_en_rust_backend.pdf"][: len(got["cv_en_rust_backend.pdf"]) * 40 // 100],
            "first 40 % of the bytes of cv_en_rust_backend.pdf (cut inside the first font program; no "
            "catalog, page tree, content, xref or trailer)",
            "422 malformed"),
    Fixture("random_bytes.pdf", lambda _: random.Random(4096).randbytes(4096),
            "4096 bytes from random.Random(4096).randbytes; no %PDF- header",
            "415 not_pdf"),
    Fixture("not_pdf_png.pdf", lambda _: tiny_png(),
            "a 48x48 grayscale PNG written by hand, named .pdf",
            "415 not_pdf"),
    Fixture("header_after_junk.pdf", lambda got: junk_header(got["cv_en_rust_backend.pdf"]),
            "300 bytes of seeded printable junk, then cv_en_rust_backend.pdf unchanged (xref offsets "
            "are relative to the %PDF- header, as when a tool prepends bytes)",
            "accepted (header within the first 1024 bytes; same text as cv_en_rust_backend.pdf)"),
    Fixture("many_pages.pdf", lambda _: build_many_pages(),
            "hand-written PDF 1.5; 2,000 pages, one line each (\"Page N of 2000: Rust CV line.\"), one "
            "shared Helvetica font and MediaBox inherited from the root Pages node; dictionaries in Flate "
            "object streams, compressed xref stream",
            "accepted if the server has no page cap and finishes within the time limit; otherwise 422 "
            "(timeout or a page-count limit) — see note"),
    Fixture("decompression_bomb.pdf", lambda _: build_decompression_bomb(),
            "hand-written; the page's content stream is one line of text then 300 MiB of spaces, Flate "
            "level 9 (compressed by streaming 1 MiB chunks)",
            "422 timeout / crash (decoded-size or memory limit); the server must survive"),
    Fixture("nested_arrays.pdf", lambda _: build_nested_arrays(),
            "hand-written; 3 lines of text, then `BT [[[...(x)...]]] TJ ET` with 100,000 nested arrays "
            "(Flate-compressed content)",
            "422 malformed (pdf-extract panics; crash if the parser's stack overflows); server survives"),
    Fixture("xref_single_newline.pdf",
            lambda got: rewrite_xref(got["cv_fr_rust_backend.pdf"], eol=b"\n"),
            "cv_fr_rust_backend.pdf with its xref entries rewritten as 19-byte lines ending in a single "
            "`\\n` (offsets still correct)",
            "accepted (same text as cv_fr_rust_backend.pdf; lopdf 0.42 says \"invalid file trailer\")"),
    Fixture("xref_damaged.pdf",
            lambda got: rewrite_xref(got["cv_en_two_columns.pdf"], shift=7),
            "cv_en_two_columns.pdf with every in-use xref offset shifted by +7 (startxref correct)",
            "accepted after xref repair (same text as cv_en_two_columns.pdf)"),
    Fixture("self_referencing_xobject.pdf", lambda _: build_self_referencing_xobject(),
            "hand-written; 3 lines of text, then `/Fm0 Do`; form XObject Fm0 lists itself in its own "
            "resources and ends with `/Fm0 Do`",
            "422 crash (stack overflow aborts the extracting process); server survives"),
    Fixture("missing_mediabox.pdf", lambda _: build_missing_mediabox(),
            "hand-written; one page with 3 lines of text, no MediaBox on the page or the Pages node",
            "422 malformed (pdf-extract panics, caught) — MuPDF/poppler assume Letter and read the text"),
    Fixture("page_tree_cycle.pdf", lambda _: build_page_tree_cycle(),
            "hand-written; the root Pages node is its own /Parent and lists itself in /Kids after the "
            "page; no MediaBox anywhere",
            "422 timeout (or crash in a debug build, see note): pdf-extract walks /Parent forever for a "
            "MediaBox; server survives"),
]


MANIFEST_HEAD = """\
# PDF intake fixtures

Generated by `scripts/make_pdf_fixtures.py`; do not edit by hand. Regenerate with

    pip install -r scripts/requirements-fixtures.txt && python3 scripts/make_pdf_fixtures.py

The output is byte-identical from run to run with the pinned libraries, the same font files
and the same zlib. Generated with {versions}.
Font embedded in the reportlab CVs: {font}.
All people, companies and e-mail addresses are invented (example.com / .fr / .org).

Outcomes: `accepted`, `415 not_pdf`, or `422` with the reason `encrypted`, `no_text`,
`malformed` (parse error or caught panic), `timeout` (wall-clock or CPU limit) or `crash`
(the extracting process died: stack overflow, memory limit). Whatever the reason, the API
process must stay up and keep serving.

| File | Size (bytes) | How it is made | Expected intake outcome |
|---|---:|---|---|
"""

MANIFEST_NOTES = """
Notes

- The good CVs contain the words a scorer should find: `cv_fr_rust_backend.pdf` and
  `cv_en_rust_backend.pdf` contain Rust, PostgreSQL, Docker, Kubernetes, actix-web (and
  CI/CD in English); the French one contains é è à ç ô, « cœur », « chœur » and « ».
- `encrypted_owner_only.pdf` opens in every reader without a password; reject only files
  that need a user password (`encrypted_user_password.pdf`, password `candidate-secret`).
- `header_after_junk.pdf`, `xref_single_newline.pdf` and `xref_damaged.pdf` carry the same
  text as the CV they were derived from, so a test can compare extracted text with it.
- `truncated.pdf` stops inside the first embedded font program; the catalog, the page tree
  and the page content come later in the file, so nothing is recoverable (MuPDF repairs it
  and finds 0 pages, poppler and qpdf find no trailer): 422 malformed.
- `many_pages.pdf` is well formed: MuPDF and poppler read its 2,000 lines. Whether the API
  accepts it depends on the page cap and time limit it adopts; the test should pin that.
- `decompression_bomb.pdf` inflates to {bomb} bytes (300 MiB + one line); it is valid PDF
  otherwise.
- `missing_mediabox.pdf`, `nested_arrays.pdf` and `self_referencing_xobject.pdf` open in
  MuPDF and poppler, which read their three text lines (they default the MediaBox, reject
  the nested array and stop the XObject recursion); `page_tree_cycle.pdf` opens in poppler
  but MuPDF refuses the page ("cycle in parent chain"). The 422s describe pdf-extract's
  failure modes, not files that every tool finds unreadable; an extractor that survives them
  may accept these files instead, and the tests should then say so.
- `page_tree_cycle.pdf`: lopdf 0.42's page-tree iterator is bounded (it may list the page
  more than once), then pdf-extract's `get_inherited` follows /Parent for the MediaBox. That
  function is tail recursive: the measured behaviour is an endless loop (422 timeout), but a
  debug build (plain `cargo test`) may overflow the stack instead (422 crash). Not measured
  here (no Rust build was run); tests should accept either reason.
- lopdf 0.42 looks for `%PDF-` anywhere in the file and reads offsets from there, which is
  how `header_after_junk.pdf` is laid out; MuPDF warns "garbage bytes before version marker"
  and reads it, poppler reads it silently.
"""


def library_versions() -> str:
    import PIL
    import pypdf
    import reportlab

    return (f"reportlab {reportlab.Version}, pypdf {pypdf.__version__}, Pillow {PIL.__version__}, "
            f"zlib {zlib.ZLIB_RUNTIME_VERSION}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    args = ap.parse_args()
    register_fonts()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    built: dict[str, bytes] = {}
    rows = []
    for fx in FIXTURES:
        data = fx.build(built)
        built[fx.name] = data
        (out / fx.name).write_bytes(data)
        rows.append(f"| `{fx.name}` | {len(data):,} | {fx.how} | {fx.expected} |")
        print(f"{len(data):>9,}  {fx.name}")

    bomb_size = len(text_ops(["Decompression bomb: 300 MiB of spaces follow."])) + BOMB_INFLATED
    manifest = (MANIFEST_HEAD.format(font=FONT_SOURCE, versions=library_versions()) + "\n".join(rows) + "\n"
                + MANIFEST_NOTES.format(bomb=f"{bomb_size:,}"))
    (out / "MANIFEST.md").write_text(manifest, encoding="utf-8")
    total = sum(len(b) for b in built.values())
    print(f"{total:>9,}  total ({len(built)} files) -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
