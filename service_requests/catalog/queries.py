"""What the catalog pages read: services found by words, category and providing department; a department's own."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from core.extensions import db
from organization.domain.roles import Permission
from organization.models import Department, User
from service_requests.models import Service

MAX_WORDS = 8


def search_services(*, words: str = "", category: str | None = None,
                    department_id: int | None = None) -> list[Service]:
    """Active services holding every word (in a name or description, either language), by department and name."""
    query = (select(Service).join(Service.department).where(Service.is_active)
             .options(selectinload(Service.department)).order_by(Department.name_ko, Service.name_ko, Service.id))
    for word in words.split()[:MAX_WORDS]:
        query = query.where(or_(*(column.icontains(word, autoescape=True) for column in (
            Service.name_ko, Service.name_en, Service.description_ko, Service.description_en))))
    if category:
        query = query.where(Service.category == category)
    if department_id is not None:
        query = query.where(Service.department_id == department_id)
    return list(db.session.scalars(query))


def providing_departments() -> list[Department]:
    """Departments with at least one active service."""
    has_service = select(Service.id).where(Service.department_id == Department.id, Service.is_active).exists()
    return list(db.session.scalars(select(Department).where(has_service).order_by(Department.name_ko)))


def department_services(department_id: int) -> list[Service]:
    """A department's own services, active and not, for its head's catalog page."""
    return list(db.session.scalars(select(Service).where(Service.department_id == department_id)
                                   .order_by(Service.is_active.desc(), Service.name_ko, Service.id)))


def service_by_code(code: str) -> Service | None:
    if not code or len(code) > 40:
        return None
    return db.session.scalar(select(Service).where(Service.code == code))


def possible_handlers(department_id: int) -> list[User]:
    """Active members of the department who may take requests (a service's default handler)."""
    users = db.session.scalars(select(User).where(User.department_id == department_id, User.is_active_account)
                               .order_by(User.display_name, User.id))
    return [u for u in users if u.can(Permission.SERVICE_REQUESTS_USE)]
