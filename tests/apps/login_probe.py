"""A minimal app for the OIDC harness: a sign-in button, then who is signed in and a sign-out button."""

import streamlit as st

if not st.user.is_logged_in:
    st.write("signed out")
    if st.button("Sign in"):
        st.login()
else:
    st.write(f"signed in as {st.user.email}")
    st.write(f"sub: {st.user.sub}")
    if st.button("Sign out"):
        st.logout()
