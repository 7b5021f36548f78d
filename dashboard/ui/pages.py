"""The pages of the dashboard, declared once: the entry script and the sidebar links both read this."""

from dataclasses import dataclass

from dashboard import PROJECT_ROOT


@dataclass(frozen=True)
class PageSpec:
    url_path: str
    title_key: str
    icon: str
    script: str
    admin_only: bool = False

    @property
    def path(self) -> str:
        return str(PROJECT_ROOT / self.script)


PAGES = (
    PageSpec("overview", "nav.overview", "📊", "pages/overview.py"),
    PageSpec("coverage", "nav.coverage", "🗺️", "pages/coverage.py"),
    PageSpec("mentors", "nav.mentors", "🧑‍🏫", "pages/mentors.py"),
    PageSpec("seminars", "nav.seminars", "🎓", "pages/seminars.py"),
    PageSpec("outcomes", "nav.outcomes", "📈", "pages/outcomes.py"),
    PageSpec("planning", "nav.planning", "🎯", "pages/planning.py"),
    PageSpec("briefing", "nav.briefing", "📑", "pages/briefing.py"),
    PageSpec("subscriptions", "nav.subscriptions", "📧", "pages/subscriptions.py"),
    PageSpec("data", "nav.data", "🗂️", "pages/data.py", admin_only=True),
)
