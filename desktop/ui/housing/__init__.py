"""The screens of housing support (Project 5): the pane (list, filters, progress against the
plan), the support dialog (its steps, money and payments) and the step forms; and the housing
tab of the household editor."""
