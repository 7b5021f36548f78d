"""A browser tab as the Streamlit server sees it: one websocket speaking Streamlit's protocol (for benchmarks/load.py).

What the frontend of Streamlit 1.67 sends, checked against Chromium's frames: it connects to `/_stcore/stream` with
the subprotocol "streamlit"; each run is asked for with BackMsg.rerun_script (ClientState: the URL's query string,
the page by url name on a deep link or by script hash afterwards, the widgets' values, the hashes of the large
elements it keeps); a click on a page link sends the link's query string and no widget values; a widget change sends
every widget of the page with the new value. A run ends with ForwardMsg.script_finished. Widget values are the
option labels as shown; a value the script sets arrives with `set_value`, otherwise the frontend keeps its own value,
or the element's default on a widget it has not seen (a new page gives every widget a new id).
"""

import asyncio
import logging
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

FILTERS = {"none": ("", (), None), "province=50": ("", ("50",), None), "region=N": ("N", (), None),
           "fy=2568": ("", (), 2568)}                       # (region, provinces, fiscal year B.E.; None = latest)
RUN_TIMEOUT_S = 30.0
READ = ("exception", "alert", "metric", "page_link", "selectbox", "multiselect", "button_group")   # what a run reads


@dataclass(frozen=True)
class Labels:
    """What the sidebar widgets show, per language: the wire values the frontend sends back."""

    region: dict[str, dict[str, str]]          # lang -> region code ("" = all) -> label
    province: dict[str, dict[str, str]]        # lang -> province code -> label
    language: dict[str, str]                   # lang -> the language button's label
    serving: frozenset[str]                    # the serving-volunteers card's label in every language
    errors: dict[str, str]                     # catalogue key -> the start of its text in each language


def load_labels(db_path: Path) -> Labels:
    """Returns the sidebar's labels, computed by the dashboard's own code from the database."""
    import streamlit.runtime.caching.cache_data_api  # noqa: F401

    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)  # no runtime: expected
    from dashboard.db.connection import Database
    from dashboard.i18n import LANGUAGES, Translator, localised_column
    from dashboard.scope import geography
    from dashboard.ui.setup import LANGUAGE_NAMES

    db = Database(db_path)
    geo = geography(db)
    db.close()
    region, province, errors = {}, {}, {}
    for lang in LANGUAGES:
        t = Translator(lang)
        regions = geo.drop_duplicates("region_code")
        region[lang] = {"": t("filter.all_regions")} | dict(zip(regions.region_code, regions[localised_column("region", lang)]))
        province[lang] = dict(zip(geo["province_code"], geo[localised_column("name", lang)]))
        for key in ("error.page", "db.unreadable", "db.missing", "auth.roles_broken", "auth.open_exposed"):
            errors[t(key).split("{")[0]] = key
    serving = frozenset(Translator(lang)("kpi.serving_volunteers") for lang in LANGUAGES)
    return Labels(region, province, {lang: LANGUAGE_NAMES[lang] for lang in LANGUAGES}, serving, errors)


@dataclass
class Run:
    """One rerun as a session saw it."""

    session: int
    kind: str            # open | navigate | filter | language | rerun | check
    page: str
    started: float       # seconds since the load started
    ms: float = 0.0
    errors: list[str] = field(default_factory=list)
    filter: str | None = None
    serving: int | None = None
    unexpected: str | None = None     # the filter or language shown is not the one the user had or chose
    notices: list[str] = field(default_factory=list)    # st.error alerts the caller expects (Session.expected)


@dataclass
class Widget:
    id: str
    kind: str
    value: str | list[str]
    options: list[str]


@dataclass
class Clock:
    """The shared timeline: when the load started, when the import began and when its os.replace landed."""

    started: float = field(default_factory=time.monotonic)
    import_started: float | None = None
    replaced: float | None = None

    def now(self) -> float:
        return time.monotonic() - self.started


class Session:
    """A browser tab as the server sees it: one websocket, the URL's query string, the widgets' values."""

    def __init__(self, number: int, url: str, labels: Labels, clock: Clock, rng: random.Random,
                 expected: frozenset[str] = frozenset()):
        self.number, self.url, self.labels, self.clock, self.rng = number, url, labels, clock, rng
        self.expected = expected                        # catalogue keys of st.error alerts that are not errors here
        self.ws = None
        self.page, self.query_string, self.lang, self.filter = "", "", "th", None
        self.page_hashes: dict[str, str] = {}
        self.links: dict[str, str] = {}                 # page -> the sidebar link's query string
        self.widgets: dict[str, Widget] = {}
        self.cached: dict[str, object] = {}             # large elements the "browser" keeps (None: not read)
        self.baseline: dict[str, int] = {}              # filter -> serving volunteers seen before the swap
        self.runs: list[Run] = []
        self.ready = False                              # it has looked at the Overview in every filter
        self.ready_at: float | None = None              # when (the opening burst of reruns without think time)
        self.checked = False                            # it has made its first rerun after the swap
        self.cookies: dict[str, str] | None = None      # what the page's GET set (a proxy's route cookie too)

    async def connect(self) -> None:
        """Opens the websocket as a browser does: after a GET of the page, sending the cookies it set (behind a
        proxy with session affinity, its route cookie: a reconnect goes back to the same server)."""
        import websockets

        if self.cookies is None:
            self.cookies = await asyncio.to_thread(page_cookies, self.url)
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        self.ws = await websockets.connect(self.url.replace("http", "ws") + "/_stcore/stream",
                                           subprotocols=["streamlit"], max_size=None, open_timeout=RUN_TIMEOUT_S,
                                           additional_headers={"Cookie": cookie} if cookie else None)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def _rerun(self, kind: str, page: str, changes: dict | None = None, *, by_name: bool = False,
                     expect: tuple | None = None) -> Run:
        """Sends what the frontend sends: a page change (a link) carries no widget values, a rerun on the page
        carries every widget's value with the user's changes."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        if by_name:
            state.page_name = page
        else:
            state.page_script_hash = self.page_hashes[page]
        for key, widget in self.widgets.items() if page == self.page else ():
            widget.value = (changes or {}).get(key, widget.value)     # what the user changed in the browser
            _put_widget(state.widget_states.widgets.add(), widget, widget.value)
        state.cached_message_hashes.extend(self.cached)
        context = state.context_info
        context.timezone, context.timezone_offset, context.locale = "Asia/Bangkok", -420, "th-TH"
        context.url = f"{self.url}/{page}" + (f"?{self.query_string}" if self.query_string else "")
        run = Run(self.number, kind, page, self.clock.now())
        self.runs.append(run)
        try:
            await self.ws.send(message.SerializeToString())
            async with asyncio.timeout(RUN_TIMEOUT_S):
                await self._read_run(run)
        except TimeoutError:
            run.errors.append("timeout (> 30 s)")
        except Exception as exc:                         # the websocket closed or broke
            run.errors.append(f"disconnect ({type(exc).__name__})")
        run.ms = 1000 * (self.clock.now() - run.started)
        if run.errors and run.errors[-1].startswith(("timeout", "disconnect")):
            await self._reconnect()
        elif expect is not None and None not in expect and (self.filter, self.lang) != expect:
            run.unexpected = f"{'/'.join(expect)} became {self.filter}/{self.lang}"
        return run

    async def _read_run(self, run: Run) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        elements: list = []
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.ws.recv())
            kind = message.WhichOneof("type")
            if kind == "new_session":
                elements = []                           # a run that restarted: only the last one counts
            elif kind == "navigation":
                self.page_hashes = {p.url_pathname: p.page_script_hash for p in message.navigation.app_pages}
                self.page = next((p for p, h in self.page_hashes.items()
                                  if h == message.navigation.page_script_hash), run.page)
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "page_not_found":
                run.errors.append("page not found")
            elif kind == "session_event" and message.session_event.HasField("script_compilation_exception"):
                run.errors.append("script compilation error")
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                if element.WhichOneof("type") in READ:
                    elements.append(element)
                if message.metadata.cacheable:
                    self.cached[message.hash] = element if element.WhichOneof("type") in READ else None
            elif kind == "ref_hash" and self.cached.get(message.ref_hash) is not None:
                elements.append(self.cached[message.ref_hash])
            elif kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.errors.append("script finished with a compile error")
                self._after_run(run, elements)
                return

    def _after_run(self, run: Run, elements: list) -> None:
        from streamlit.proto.Alert_pb2 import Alert

        widgets = {}
        for element in elements:
            kind = element.WhichOneof("type")
            body = getattr(element, kind)
            if kind == "exception":
                run.errors.append(f"exception {body.type}")
            elif kind == "alert" and body.format == Alert.ERROR:
                key = next((k for start, k in self.labels.errors.items() if body.body.startswith(start)), "other")
                (run.notices if key in self.expected else run.errors).append(f"st.error {key}")
            elif kind == "metric" and body.label in self.labels.serving:
                run.serving = int(re.sub(r"\D", "", to_arabic(body.body)) or -1)
            elif kind == "page_link":
                self.links[next((p for p, h in self.page_hashes.items() if h == body.page_script_hash), "")] = \
                    body.query_string
            elif kind in ("selectbox", "multiselect", "button_group") and body.id.startswith("$$ID-"):
                key = body.id.split("-", 2)[2]
                previous = self.widgets.get(key)
                widgets[key] = _widget_view(kind, body, previous if previous and previous.id == body.id else None)
        self.widgets = widgets
        language = self.widgets.get("lang")
        if language is not None:
            self.lang = next((lang for lang, name in self.labels.language.items() if [name] == language.value),
                             self.lang)
        self.filter = run.filter = self._current_filter()
        if run.page == "overview" and run.serving is None and not run.errors:
            run.errors.append("overview without the serving-volunteers card")

    def _current_filter(self) -> str | None:
        if not {"region", "province", "fy"} <= self.widgets.keys():
            return None
        # after a language switch the frontend still holds the other language's labels until the script sets them
        regions = {label: code for names in self.labels.region.values() for code, label in names.items()}
        provinces = {label: code for names in self.labels.province.values() for code, label in names.items()}
        fy = self.widgets["fy"]
        region = regions.get(self.widgets["region"].value, "?")
        chosen = tuple(sorted(provinces.get(label, "?") for label in self.widgets["province"].value))
        year = None if fy.value == fy.options[0] else int(fy.value)
        return next((name for name, spec in FILTERS.items() if spec == (region, chosen, year)), None)

    def _filter_values(self, name: str) -> dict:
        region, provinces, year = FILTERS[name]
        return {"region": self.labels.region[self.lang][region],
                "province": [self.labels.province[self.lang][code] for code in provinces],
                "fy": str(year) if year else self.widgets["fy"].options[0]}

    async def _reconnect(self) -> None:
        await self.close()
        try:
            await self.connect()
            self.query_string = self.links.get(self.page, self.query_string)
            self.widgets = {}
            await self._rerun("open", self.page or "overview", by_name=True)
        except Exception:
            self.ws = None

    async def open(self, filter_name: str, lang: str) -> Run:
        """Opens a deep link to the Overview with the filter in the URL (a fresh browser tab)."""
        region, provinces, year = FILTERS[filter_name]
        params = [("region", region)] * bool(region) + [("province", p) for p in provinces] + \
            [("fy", str(year))] * bool(year) + [("lang", lang)] * (lang != "th")
        self.query_string = "&".join(f"{k}={v}" for k, v in params)
        await self.connect()
        return await self._rerun("open", "overview", by_name=True, expect=(filter_name, lang))

    async def navigate(self, page: str) -> Run:
        """Clicks the page's sidebar link (which carries the filters in its query string)."""
        self.query_string = self.links.get(page, self.query_string)
        return await self._rerun("navigate", page, expect=(self.filter, self.lang))

    async def set_filter(self, name: str) -> Run:
        """Sets the sidebar's region, provinces and fiscal year to the filter's (a rerun when the page failed to
        draw them)."""
        if not {"region", "province", "fy"} <= self.widgets.keys():
            return await self.rerun()
        return await self._rerun("filter", self.page, self._filter_values(name), expect=(name, self.lang))

    async def switch_language(self) -> Run:
        """Clicks the other language; the other widgets still hold the old language's labels, as in a browser."""
        other = "en" if self.lang == "th" else "th"
        if "lang" not in self.widgets:
            return await self.rerun()
        return await self._rerun("language", self.page, {"lang": [self.labels.language[other]]},
                                 expect=(self.filter, other))

    async def rerun(self) -> Run:
        """Reruns the page as it is (the user presses R)."""
        return await self._rerun("rerun", self.page, expect=(self.filter, self.lang))

    async def check(self) -> Run:
        """The first rerun after the swap: the Overview (a rerun there, else its link) in the current filter."""
        self.checked = True
        if self.page != "overview":
            self.query_string = self.links.get("overview", self.query_string)
        return await self._rerun("check", "overview", expect=(self.filter, self.lang))


def page_cookies(url: str) -> dict[str, str]:
    """Returns the cookies that a GET of the app's page sets (name: value)."""
    import urllib.request
    from http.cookies import SimpleCookie

    with urllib.request.urlopen(f"{url}/", timeout=RUN_TIMEOUT_S) as response:
        response.read()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def to_arabic(text: str) -> str:
    """Returns text with Thai digits as Arabic ones."""
    return text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))


def _widget_view(kind: str, body, previous: Widget | None) -> Widget:
    """Returns the widget's value as the frontend holds it after a run: set by the script, kept, or its default."""
    options = [o.content for o in body.options] if kind == "button_group" else list(body.options)
    if kind == "selectbox":
        value = body.raw_value if body.set_value else previous.value if previous else \
            options[body.default] if options else ""
    elif body.set_value:
        value = list(body.raw_values)
    else:
        value = previous.value if previous else [options[i] for i in body.default]
    return Widget(body.id, kind, value, options)


def _put_widget(state, widget: Widget, value) -> None:
    state.id = widget.id
    if isinstance(value, list):
        state.string_array_value.data.extend(value)
    else:
        state.string_value = value
