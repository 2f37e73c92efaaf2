from django.urls import URLPattern

app_name = "exchange"
# Filled in by pramoen.exchange.views; mounted at the site root under the namespace "exchange".
urlpatterns: list[URLPattern] = []
