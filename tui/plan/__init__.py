"""The Plan screen: the week, today's session, suggestions, and the plan's forms."""
