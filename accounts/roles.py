"""The groups that give people their role in the back office."""

ORGANISERS_GROUP = "Organisers"
ACCUEIL_GROUP = "Accueil"  # check-in staff at the door
