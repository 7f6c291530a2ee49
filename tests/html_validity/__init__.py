"""Valid HTML everywhere: the pages and e-mails, collected and put through the Nu HTML
Checker in one run."""
