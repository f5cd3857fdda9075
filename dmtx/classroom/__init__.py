"""Teaching: the slide deck (`slides`), its full-screen player (`slideshow`), the quiz's logic
(`quiz`) and its question-at-a-time player (`quizplay`)."""
