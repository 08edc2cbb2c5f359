# Question banks, quizzes and attempts arrive with the assessments issue.
