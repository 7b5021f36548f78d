"""The briefing deck: a short PowerPoint summary of the dashboard for the filters, built with python-pptx."""
