# Attendees, seats, the waiting list and workshop bookings arrive with the registration issue.
