"""Every row a role page shows, read in the same query as the role itself.

A prefetch per kind of row costs a role page a dozen queries, so instead each kind comes
back as one more column of the role query: a correlated subquery that aggregates the
role's rows into a JSON array, each row a JSON object of its fields plus the objects its
foreign keys point at (the row's source, skill, other role...). Python rebuilds the rows
as model instances and stores them where `prefetch_related_objects()` would have, so
`role.responsibilities.all()`, the model methods, the templates and `seo.py` read them
unchanged, and a page costs the same number of queries however many rows it has.

Two things make this exact on both databases. JSON carries dates and decimals as strings
and numbers, so every value goes through its field's `to_python()` (and decimals are
quantized as the database backends do). And neither JSON aggregate is ordered on SQLite
3.40, so each row carries its place in `Meta.ordering`, numbered by the database with
ROW_NUMBER() (its collation, its NULLs order), and the rows are sorted by it in Python.
"""

import functools
import json
from decimal import Decimal
from operator import itemgetter

from django.db.models import (
    DecimalField,
    Expression,
    F,
    Func,
    OuterRef,
    Subquery,
    TextField,
    Window,
)
from django.db.models.functions import JSONObject, RowNumber
from django.db.models.query import ModelIterable

# Each kind of row a role page reads (the related manager's name on `Role`), with the
# foreign keys to load along with each row, as `select_related()` would.
PAGE_ROWS = {
    "sources": [],
    "responsibilities": ["source"],
    "role_skills": ["skill", "source"],
    "education": ["source"],
    "role_certifications": ["certification", "source"],
    "industry_variants": ["industry", "source"],
    "salary_figures": ["source"],
    "job_outlooks": ["source"],
    "relationships": ["to_role", "source"],
    "relationships_in": ["from_role", "source"],
    "moves_out": ["to_role", "source"],
    "moves_in": ["from_role", "source"],
    "prose_passages": ["source"],
}

# Where a row keeps its place in its model's ordering. No field name contains "__".
POSITION = "__position"
ANNOTATION = "_page_rows_"


def in_query(queryset):
    """`queryset` (of roles) with each role's page rows in its query, attached to each
    role as it is read: `RoleQuerySet.with_page_details()`."""
    queryset = queryset.annotate(**_columns(queryset.model))
    queryset._iterable_class = _RolesWithPageRows
    return queryset


def load(roles):
    """Attach the page rows to roles already fetched (the compare page's pair), in one
    query."""
    by_pk = {role.pk: role for role in roles}
    if not by_pk:
        return
    model = type(roles[0])
    found = (
        model._default_manager.filter(pk__in=by_pk)
        .annotate(**_columns(model))
        .values_list("pk", *(ANNOTATION + name for name in PAGE_ROWS))
    )
    for pk, *arrays in found:
        _attach(by_pk[pk], dict(zip(PAGE_ROWS, arrays, strict=True)))


class _RolesWithPageRows(ModelIterable):
    """Roles as a queryset reads them, each with its rows attached before it is handed on."""

    def __iter__(self):
        for role in super().__iter__():
            _attach(role, {name: role.__dict__.pop(ANNOTATION + name) for name in PAGE_ROWS})
            yield role


def _columns(model):
    return {ANNOTATION + name: _CompiledOnce(model, name) for name in PAGE_ROWS}


class _CompiledOnce(Expression):
    """One kind's rows as a column whose SQL is compiled once per database and reused:
    building and compiling these subqueries through the ORM takes many times longer than
    the database takes to run them. The SQL refers to the role by the roles table's own
    name, as a query of roles does (a role query made a subquery of another would need
    it relabelled; none is)."""

    output_field = TextField()

    def __init__(self, model, name):
        super().__init__()
        self.model, self.name = model, name

    def as_sql(self, compiler, connection):
        return _compiled(self.model, self.name, connection.alias)


@functools.cache
def _compiled(model, name, alias):
    query = model._default_manager.using(alias).all().query
    subquery = _rows_subquery(model, name).resolve_expression(query)
    sql, params = query.get_compiler(alias).compile(subquery)
    return sql, tuple(params)


class _JSONArray(Subquery):
    """The subquery's rows (one JSON object each, in a column named `page_row`) as one
    JSON array, NULL when there are none. The rows are a derived table because the
    position is a window function, which an aggregate cannot contain. Read as text, so
    it is parsed once, here, on both databases (Django reads jsonb as text)."""

    template = "(SELECT JSON_GROUP_ARRAY(JSON(page_row)) FROM (%(subquery)s) AS page_rows)"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "(SELECT JSONB_AGG(page_row) FROM (%(subquery)s) AS page_rows)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _rows_subquery(role_model, name):
    relation = role_model._meta.get_field(name)
    model = relation.related_model
    # The field on the row model that names the role: a foreign key or a many-to-many
    # back to the role, or, for a many-to-many on the role itself, its reverse query name.
    lookup = relation.field.name if relation.auto_created else relation.related_query_name()
    fields = _fields(model)
    for key in PAGE_ROWS[name]:
        fields[key] = _JSONObject(**_fields(model._meta.get_field(key).related_model, key))
    # Ordering by the role itself would only join its table to sort by a constant; the
    # primary key last makes ties (which a database leaves in any order) come out the same.
    ordering = [o for o in model._meta.ordering if o.removeprefix("-").split("__")[0] != lookup]
    ordering = [*_ordering(model, ordering), F("pk").asc()]
    fields[POSITION] = Window(RowNumber(), order_by=ordering)
    rows = model._default_manager.filter(**{lookup: OuterRef("pk")}).order_by()
    return _JSONArray(rows.values(page_row=_JSONObject(**fields)))


class _JSONObject(JSONObject):
    """JSONObject without its probe: the first time, Django asks SQLite with a query
    whether it has JSON functions, which would make a worker's first page cost more.
    Every SQLite since 3.38 has them built in, and JSON_GROUP_ARRAY needs them anyway."""

    def as_sql(self, compiler, connection, **extra_context):
        return Func.as_sql(self, compiler, connection, **extra_context)


def _fields(model, prefix=""):
    path = f"{prefix}__" if prefix else ""
    return {field.attname: F(path + field.attname) for field in model._meta.concrete_fields}


def _ordering(model, names, prefix="", descending=False):
    """Ordering `names` of `model` as Django's compiler applies them: a relation stands
    for its own model's ordering, a "-" reverses what it names."""
    order_by = []
    for name in names:
        reverse = descending != name.startswith("-")
        name = name.removeprefix("-")
        field, opts = None, model._meta
        for part in name.split("__"):
            field = opts.get_field(part) if part != "pk" else opts.pk
            opts = field.related_model._meta if field.is_relation else opts
        if field.is_relation and opts.ordering and name.split("__")[-1] != field.attname:
            order_by += _ordering(opts.model, opts.ordering, f"{prefix}{name}__", reverse)
        else:
            column = F(prefix + name)
            order_by.append(column.desc() if reverse else column.asc())
    return order_by


def _attach(role, arrays):
    """Store each kind's rows on `role` as `prefetch_related_objects()` would."""
    cache = role.__dict__.setdefault("_prefetched_objects_cache", {})
    db = role._state.db
    for name, array in arrays.items():
        relation = role._meta.get_field(name)
        model = relation.related_model
        data = sorted(json.loads(array or "[]", parse_float=Decimal), key=itemgetter(POSITION))
        rows = []
        for values in data:
            row = _instance(model, values, db)
            for key in PAGE_ROWS[name]:
                field = model._meta.get_field(key)
                field.set_cached_value(row, _instance(field.related_model, values[key], db))
            if relation.one_to_many:
                # Like a prefetch: each row's foreign key back to the role is the role.
                relation.field.set_cached_value(row, role)
            rows.append(row)
        manager = getattr(role, name)
        queryset = manager.get_queryset()
        queryset._result_cache, queryset._prefetch_done = rows, True
        # The key each related manager reads its prefetched rows from.
        key = getattr(manager, "prefetch_cache_name", None) or relation.cache_name
        cache[key] = queryset


def _instance(model, values, db):
    fields = model._meta.concrete_fields
    return model.from_db(
        db, [field.attname for field in fields], [_value(field, values) for field in fields]
    )


def _value(field, values):
    """A field's value from JSON, typed as the database backend would give it. (None of
    these models has a DateTimeField, whose JSON text would need the time zone too.)"""
    value = field.to_python(values[field.attname])
    if isinstance(field, DecimalField) and value is not None:
        value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
    return value
