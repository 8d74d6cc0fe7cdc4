from django.urls import path

from nominations.views import category_css, files, nominator, nominee, pdfs, questions

app_name = "nominations"

urlpatterns = [
    # The categories' colours (a style sheet, so that no page needs a style attribute).
    path("categories.css", category_css.category_css, name="category_css"),
    path("nominate/<int:call_id>/", nominator.StartView.as_view(), name="start"),
    path("nominations/", nominator.MyNominationsView.as_view(), name="mine"),
    path("nominations/<int:pk>/", nominator.DetailView.as_view(), name="detail"),
    path("nominations/<int:pk>/edit/files/", nominator.FilesStepView.as_view(), name="files"),
    # Before the general step pattern: nominations:step with "questions" reaches it too.
    path("nominations/<int:pk>/edit/questions/", questions.QuestionsStepView.as_view(), name="questions"),
    path("nominations/<int:pk>/edit/<slug:step>/", nominator.StepView.as_view(), name="step"),
    path("nominations/<int:pk>/review/", nominator.ReviewView.as_view(), name="review"),
    path("nominations/<int:pk>/submit/", nominator.SubmitView.as_view(), name="submit"),
    path("nominations/<int:pk>/withdraw/", nominator.WithdrawView.as_view(), name="withdraw"),
    # A PDF copy of a submitted nomination for its nominator.
    path("nominations/<int:pk>/copy.pdf", pdfs.NominationPdfView.as_view(), name="pdf"),
    # The nominee's own answers, through the signed link emailed to them (no sign-in).
    path("nominee/consent/<str:token>/", nominee.NomineeConsentView.as_view(), name="nominee_consent"),
    path("nominations/files/<int:pk>/", files.FileView.as_view(), name="file"),
    path("nominations/files/<int:pk>/thumbnail/", files.ThumbnailView.as_view(), name="file_thumbnail"),
    path("nominations/files/<int:pk>/delete/", files.FileDeleteView.as_view(), name="file_delete"),
]
