from django.urls import path

from openbilan.www.coaching import views

app_name = "coaching"

person = "personne/<int:enrolment_id>/"
urlpatterns = [
    path("", views.index, name="index"),
    path(person, views.person, name="person"),
    path(person + "messages/", views.coach_thread, name="coach_thread"),
    path(person + "rendez-vous/", views.appointment_new, name="appointment_new"),
    path(person + "rendez-vous/<int:appointment_id>/", views.appointment_settle, name="appointment_settle"),
    path(person + "notes/", views.note_add, name="note_add"),
    path(person + "temps/", views.time_add, name="time_add"),
    path(person + "adaptations/", views.adaptation_add, name="adaptation_add"),
    path(person + "contacts/", views.contact_add, name="contact_add"),
    path(person + "arret/", views.end, name="end"),
    path("messages/", views.messages_index, name="messages"),
    path("messages/<int:enrolment_id>/", views.person_thread, name="person_thread"),
    path("rendez-vous/", views.appointments, name="appointments"),
    path("rendez-vous/<int:appointment_id>/accepter/", views.appointment_accept, name="appointment_accept"),
    path("rendez-vous/<int:appointment_id>/agenda.ics", views.appointment_ics, name="appointment_ics"),
    path("pieces-jointes/<int:attachment_id>/", views.attachment, name="attachment"),
    path("affectations/", views.assignments, name="assignments"),
    path("affectations/<int:enrolment_id>/", views.assignment_detail, name="assignment_detail"),
]
