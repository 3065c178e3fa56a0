"""The weekly plan: the exercise library, programmes, doses and their ladders."""
