"""dumpdata --natural-primary / loaddata round trip (the backup format): fixes for what
breaks it in the libraries we use.

Wagtail's Collection.natural_key() (its names from the root down) asks the database for the
collection's ancestors. Loading a fixture builds each collection unsaved first and asks for
its natural key to find an existing row: for a new child collection the database knows
only its parent, so the key came out as the parent's, and loading the child overwrote the
parent (the root), leaving every permission on the root without its collection. Here the
key comes from the collection's own path and name, the same for saved collections."""

from wagtail.models import Collection


def collection_natural_key(self):
    steplen = self.steplen
    ancestors = [self.path[:end] for end in range(steplen, len(self.path), steplen)]
    names = dict(Collection.objects.filter(path__in=ancestors).values_list("path", "name"))
    return (*(names[path] for path in ancestors), self.name)


def install():
    Collection.natural_key = collection_natural_key
