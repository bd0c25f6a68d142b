"""Serve the lead funnel: stages, weeks, districts, the department scorecard and breakdowns, with filters and exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api import labels
from api.downloads import table_download
from api.web import Page, PageNotFound, PageRoute, SignedInDep, query_number
from bot.campaigns import staff
from bot.engine.context import N_
from bot.engine.conversation import ALL_STEPS
from bot.engine.districts import DISTRICTS, by_code
from bot.engine.model import STAGES
from bot.funnel import figures
from bot.funnel.figures import Filters
from bot.services.departments import list_departments

router = APIRouter(include_in_schema=False, route_class=PageRoute)

PERIODS = {"4w": 4, "13w": 13, "52w": 52}
LANGUAGES = {"hi": N_("Hindi"), "en": N_("English")}
OFFERINGS = labels.OFFERINGS  # the journey's own words for what a seller offers
FLAGS = {1: N_("Yes"), 0: N_("No"), -1: N_("Not told")}
NOT_TOLD = N_("Not told")
BREAKDOWNS = {  # the breakdown tables: their dimension and heading
    "channels": ("channel", N_("By channel")),
    "languages": ("language", N_("By language")),
    "categories": ("category", N_("By category")),
    "offerings": ("offering", N_("By what they sell")),
    "campaigns": ("campaign_id", N_("By campaign")),
    "women": ("women_owned", N_("Women-owned")),
    "scst": ("sc_st_owned", N_("SC/ST-owned")),
}
DISTRICT_SORTS = ("name", "sellers", "registered", "conversion", *STAGES)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _flag(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _filters(
    period: str | None = Query(None, max_length=8), since: str | None = Query(None, max_length=10), until: str | None = Query(None, max_length=10),
    department: str | None = Query(None, max_length=12), district: str | None = Query(None, max_length=12),
    campaign: str | None = Query(None, max_length=12), channel: str | None = Query(None, max_length=16),
    language: str | None = Query(None, max_length=2), category: str | None = Query(None, max_length=32),
    offering: str | None = Query(None, max_length=16), women: str | None = Query(None, max_length=3), scst: str | None = Query(None, max_length=3),
) -> tuple[Filters, str | None]:
    """Read the funnel's filters from the query string (an unknown value is ignored, never an error)."""
    d = query_number(district)
    return Filters(
        since=_day(since), until=_day(until), department=query_number(department), district=d if d and by_code(d) else None,
        campaign=query_number(campaign), channel=channel if channel in labels.CHANNELS else None, language=language if language in LANGUAGES else None,
        category=category if category in labels.CATEGORIES else None, offering=offering if offering in OFFERINGS else None,
        women_owned=_flag(women), sc_st_owned=_flag(scst),
    ), (period if period in PERIODS else None)


FilterQuery = Annotated[tuple[Filters, str | None], Depends(_filters)]


def _apply_period(page: Page, filters: Filters, period: str | None) -> Filters:
    """Turn a period such as the last 13 weeks into a first day, counted from today in India."""
    if period is None:
        return filters
    return replace(filters, since=figures.monday(figures.today_in_india(page.now)) - timedelta(weeks=PERIODS[period] - 1), until=None)


async def _context(page: Page, filters: tuple[Filters, str | None]) -> dict[str, Any]:
    """Return what every funnel page shows around its figures: the filters, the choices and the query to keep."""
    chosen, period = filters
    scoped = _apply_period(page, chosen, period).scoped(page.principal)
    departments = await run_in_threadpool(list_departments, engine=page.state.engine) if page.principal.is_admin else []
    if page.principal.is_admin and scoped.department is not None and all(d.id != scoped.department for d in departments):
        raise PageNotFound
    params = [(k, v) for k, v in page.request.query_params.multi_items() if k not in ("sort", "order") and v]
    return {
        "filters": scoped, "period": period, "departments": departments, "params": params, "query_string": urlencode(params),
        "districts": sorted(DISTRICTS, key=lambda d: d.name_en), "stages": STAGES, "languages": LANGUAGES, "offerings": OFFERINGS,
        "flags": FLAGS, "periods": PERIODS, "with_query": lambda **extra: urlencode([*[(k, v) for k, v in params if k not in extra], *extra.items()]),
    }


async def _campaigns(page: Page) -> dict[int, str]:
    """Return the names of the campaigns the caller may see, by id."""
    listed = await run_in_threadpool(staff.list_campaigns, engine=page.state.engine, principal=page.principal)
    return {c.id: c.name for c in listed}


@router.get("/funnel")
async def overview(page: SignedInDep, filters: FilterQuery) -> Response:
    """Show the funnel: how many sellers reached each stage, where they were lost, and the new leads week by week."""
    context = await _context(page, filters)
    view = await run_in_threadpool(figures.overview, engine=page.state.engine, filters=context["filters"])
    return page.render("staff/funnel.html", view=view, waits=view.timing, campaigns=await _campaigns(page), tab="funnel", **context)


@router.get("/funnel/stops")
async def stops(page: SignedInDep, filters: FilterQuery) -> Response:
    """Show where sellers went quiet, by the question waiting for their answer, with who needs help and who waits for a call."""
    context = await _context(page, filters)
    found, counted_at = await run_in_threadpool(figures.stops, engine=page.state.engine, filters=context["filters"])
    return page.render("staff/funnel_stops.html", stops=found, counted_at=counted_at, step_title=_step_title, campaigns=await _campaigns(page),
                       tab="stops", **context)


def _step_title(step: str) -> str:
    """Return a journey step's title (an English msgid), or the step's id when it is no longer in the journey."""
    known = ALL_STEPS.get(step)
    return known.title if known is not None else step


@router.get("/funnel/districts")
async def districts(page: SignedInDep, filters: FilterQuery, sort: str = Query("sellers", max_length=24),
                    order: str = Query("desc", max_length=4)) -> Response:
    """Show all 75 districts with their sellers at each stage and conversion, sortable, coloured by how high each figure is."""
    context = await _context(page, filters)
    lines = await run_in_threadpool(figures.breakdown, engine=page.state.engine, filters=context["filters"], dimension="district_lgd")
    rows = _district_rows(lines, page.lang, sort if sort in DISTRICT_SORTS else "sellers", order != "asc")
    highest = {stage: max((r["stages"].reached(stage) for r in rows), default=0) for stage in STAGES}
    return page.render("staff/funnel_districts.html", rows=rows, highest=highest, sort=sort if sort in DISTRICT_SORTS else "sellers",
                       order="desc" if order != "asc" else "asc", campaigns=await _campaigns(page), tab="districts", **context)


def _district_rows(lines: list[figures.Line], lang: str, sort: str, descending: bool) -> list[dict[str, Any]]:
    """Return one row per district (none left out), sorted by a column."""
    by_district = {line.value: line.stages for line in lines}
    rows = [{"lgd": d.lgd_code, "name": d.name_hi if lang == "hi" else d.name_en, "stages": by_district.get(d.lgd_code, figures.Stages())}
            for d in DISTRICTS]
    keys: dict[str, Callable[[dict[str, Any]], Any]] = {
        "name": lambda r: r["name"], "sellers": lambda r: r["stages"].total, "registered": lambda r: r["stages"].registered,
        "conversion": lambda r: r["stages"].conversion or 0,
    }
    key = keys.get(sort) or (lambda r: r["stages"].reached(sort))
    return sorted(rows, key=lambda r: (key(r), r["name"]), reverse=descending)


@router.get("/funnel/departments")
async def departments(page: SignedInDep, filters: FilterQuery) -> Response:
    """Show the department scorecard: vendors listed, reached, engaged, registered on GeM, catalogue listed, conversion and the week's change."""
    context = await _context(page, filters)
    cards = await run_in_threadpool(
        figures.scorecard, engine=page.state.engine, filters=context["filters"], today=figures.today_in_india(page.now)
    )
    return page.render("staff/funnel_departments.html", cards=cards, campaigns=await _campaigns(page), tab="departments", **context)


@router.get("/funnel/breakdowns")
async def breakdowns(page: SignedInDep, filters: FilterQuery) -> Response:
    """Show the sellers by channel, language, category, what they sell, campaign, and women- or SC/ST-owned."""
    context = await _context(page, filters)
    campaigns = await _campaigns(page)
    tables = []
    for name, (dimension, heading) in BREAKDOWNS.items():
        lines = await run_in_threadpool(figures.breakdown, engine=page.state.engine, filters=context["filters"], dimension=dimension)
        name_of = _namer(page, dimension, campaigns)
        tables.append({"name": name, "heading": heading, "rows": [(name_of(line.value), line.stages) for line in lines]})
    return page.render("staff/funnel_breakdowns.html", tables=tables, campaigns=campaigns, tab="breakdowns", **context)


def _namer(page: Page, dimension: str, campaigns: dict[int, str]) -> Callable[[Any], str]:
    """Return what names a dimension's values in the page's language (built once per table)."""
    if dimension == "campaign_id":
        return lambda value: page._("No campaign") if not value else campaigns.get(value, page._("Campaign %(id)s") % {"id": value})
    if dimension in ("women_owned", "sc_st_owned"):  # 1 yes, 0 no, -1 not told
        flags = {k: page._(v) for k, v in FLAGS.items()}
        return lambda value: flags.get(value, str(value))
    names: dict[Any, str] = {
        "channel": labels.CHANNELS, "language": {k: page._(v) for k, v in LANGUAGES.items()},
        "category": {k: page._(v) for k, v in labels.CATEGORIES.items()}, "offering": {k: page._(v) for k, v in OFFERINGS.items()},
        "district_lgd": {d.lgd_code: (d.name_hi if page.lang == "hi" else d.name_en) for d in DISTRICTS},
    }.get(dimension, {})
    not_told = page._(NOT_TOLD)
    return lambda value: not_told if value in ("", 0, None) else names.get(value, str(value))


# --------------------------------------------------------------------------- exports

TABLES = ("funnel", "weeks", "timing", "stops", "districts", "departments", *BREAKDOWNS)


@router.get("/funnel/export/{table}.{fmt}")
async def export(page: SignedInDep, table: str, fmt: str, filters: FilterQuery) -> Response:
    """Download one of the funnel's tables, as filtered, as CSV or XLSX, and log who took it."""
    if table not in TABLES or fmt not in ("csv", "xlsx"):
        raise PageNotFound
    context = await _context(page, filters)
    chosen: Filters = context["filters"]
    header, rows = await _table(page, table, chosen)
    await page.log(f"funnel.export_{fmt}", f"{table}, {len(rows)} rows, {context['query_string'] or 'no filters'}"[:500],
                   department_id=chosen.department)
    return table_download(header, rows, fmt=fmt, file_name=f"gem-saathi-{table}-{page.now:%Y-%m-%d}", sheet=table)


def _hours(seconds: float | None) -> float | str:
    return round(seconds / 3600, 1) if seconds is not None else ""


def _percent(value: float | None) -> float | str:
    return round(100 * value, 1) if value is not None else ""


async def _table(page: Page, table: str, chosen: Filters) -> tuple[list[str], list[list[Any]]]:
    """Return one table's header and rows, in the page's language, as the page shows them."""
    engine = page.state.engine
    stage_names = [page._(labels.STAGES[s]) for s in STAGES]
    if table in ("funnel", "weeks"):
        view = await run_in_threadpool(figures.overview, engine=engine, filters=chosen)
        if table == "funnel":
            return ([page._("Stage"), page._("Sellers who reached it"), page._("% of all"), page._("% of the stage before"), page._("Stopped here")],
                    [[page._(labels.STAGES[s.stage]), s.reached, _percent(s.share), _percent(s.from_previous), s.lost] for s in view.steps])
        return ([page._("Week from"), page._("New leads"), page._("Of them on GeM now"), page._("GeM accounts made")],
                [[w.week.isoformat(), w.leads, w.registered, w.registered_in_week] for w in view.weeks])
    if table == "timing":
        waits = (await run_in_threadpool(figures.overview, engine=engine, filters=chosen)).timing
        return ([page._("Stage reached"), page._("Times counted"), page._("Median hours"), page._("90th percentile hours")],
                [[page._(labels.STAGES[w.stage]), w.total, _hours(w.median), _hours(w.p90)] for w in waits.stages])
    if table == "stops":
        found, _ = await run_in_threadpool(figures.stops, engine=engine, filters=chosen)
        return ([page._("Question waiting for an answer"), page._("Went quiet"), page._("Need help"), page._("Waiting for a call")],
                [[page._(_step_title(s.step)), s.quiet, s.needs_help, s.callbacks] for s in found])
    if table == "departments":
        cards = await run_in_threadpool(figures.scorecard, engine=engine, filters=chosen, today=figures.today_in_india(page.now))
        return ([page._("Department"), page._("Vendors on its lists"), page._("Reached"), page._("Engaged"), page._("Registered on GeM"),
                 page._("Catalogue listed"), page._("Conversion %"), page._("Change in a week")],
                [[c.name, c.vendors, c.reached, c.stages.total, c.stages.registered, c.stages.reached("catalogue_listed"),
                  _percent(c.stages.conversion), "" if c.change is None else c.change] for c in cards])
    campaigns = await _campaigns(page)
    dimension = "district_lgd" if table == "districts" else BREAKDOWNS[table][0]
    lines = await run_in_threadpool(figures.breakdown, engine=engine, filters=chosen, dimension=dimension)
    if table == "districts":
        lines = [figures.Line(r["lgd"], r["stages"]) for r in _district_rows(lines, page.lang, "name", False)]
    name_of = _namer(page, dimension, campaigns)
    return ([page._("District") if table == "districts" else page._(BREAKDOWNS[table][1]), page._("Sellers"), *stage_names[1:],
             page._("Conversion %")],
            [[name_of(line.value), line.stages.total, *[line.stages.reached(s) for s in STAGES[1:]],
              _percent(line.stages.conversion)] for line in lines])
