"""The screens of vocational training (Project 4): the pane (results against the plan, the course
list), the course dialog (its learners and their progress) and the small forms of each action."""
