"""What every page does first: make sure the database exists, then draw the shared sidebar."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, db
from dashboard.a11y import apply_styles
from dashboard.filters import Filters, sidebar_filters
from dashboard.navigation import use_app_navigation
from pipelines.errors import BuildError

UPDATE_IN_PROGRESS = "En uppdatering pågår – sidan uppdateras när den är klar"


def ensure_database() -> None:
    """Build the database from data/raw with a progress indicator if none is published yet.

    When another session or process is already building, say so and wait for it (the
    build then finds the database current), so simultaneous first visits all succeed.
    """
    if db.database_exists():
        return
    from pipelines.build import run  # the build's modules are loaded only when a build is needed
    from pipelines.imports import active_raw_dir

    with st.status("Ingen databas finns ännu – bygger den från rådata …", expanded=True) as status:
        try:
            run(active_raw_dir(), db.db_path(), log=st.write,
                on_wait=lambda: status.update(label=UPDATE_IN_PROGRESS, state="running"))
        except BuildError as error:
            status.update(label="Bygget misslyckades", state="error")
            st.error(f"Databasen kunde inte byggas: {error}")
            st.stop()
        status.update(label="Databasen är byggd", state="complete", expanded=False)


def page_setup(title: str, intro: str | None = None, *, kommun_filter: bool = True) -> Filters:
    """Ensure data, show the page title and the shared sidebar filters; return the chosen filters."""
    use_app_navigation()
    apply_styles()
    auth.require(auth.Action.READ)  # app.py's gate decides; this holds even if a page is reached without it
    ensure_database()
    st.title(title)
    if intro:
        st.caption(intro)
    filters = sidebar_filters(kommun_filter=kommun_filter)
    from dashboard.components import show_basket_sidebar

    show_basket_sidebar()
    return filters
