"""The course catalogue page, who may author under it, and the moderation workflow.

Pengajar add and edit courses under the catalogue but cannot publish: they submit the page to
the "Moderasi kursus" workflow, whose approval task belongs to BKPSDM (the owner of the
competency-development programme). Pengajar also upload images and documents (handouts,
lesson videos) to the root collection.
"""

from django.db import migrations

PAGE_PERMISSIONS = {"Pengajar": ["add", "change"], "BKPSDM": ["add", "change", "publish"]}
MEDIA_PERMISSIONS = {
    ("wagtailimages", "image"): ["add", "change", "choose"],
    ("wagtaildocs", "document"): ["add", "change", "choose"],
}


def setup(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("core.HomePage")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore.Collection")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    catalogue = CourseIndexPage.objects.first()
    if catalogue is None:
        home = HomePage.objects.get()
        page_type, _ = ContentType.objects.get_or_create(
            app_label="courses", model="courseindexpage"
        )
        last = (
            Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
            .order_by("-path")
            .first()
        )
        step = int(last.path[-4:]) + 1 if last else 1
        catalogue = CourseIndexPage.objects.create(
            title="Katalog Kursus",
            draft_title="Katalog Kursus",
            slug="kursus",
            content_type=page_type,
            path=f"{home.path}{step:04d}",
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}kursus/",
            locale_id=home.locale_id,
            live=True,
            intro="<p>Kursus SPBE, IT dasar dan literasi digital untuk ASN.</p>",
        )
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
        HomePage.objects.filter(pk=home.pk).update(catalogue_page=catalogue)

    page_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    for group_name, actions in PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=page_ct,
                codename=f"{action}_page",
                defaults={"name": f"Can {action} page"},
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=catalogue.pk, permission=permission
            )

    root_collection = Collection.objects.get(depth=1)
    trainers = Group.objects.get(name="Pengajar")
    for (app_label, model), actions in MEDIA_PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            GroupCollectionPermission.objects.get_or_create(
                group=trainers, collection=root_collection, permission=permission
            )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name="Persetujuan BKPSDM").first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name="Persetujuan BKPSDM", content_type=task_type, active=True
        )
    task.groups.set([Group.objects.get(name="BKPSDM")])
    workflow, _ = Workflow.objects.get_or_create(name="Moderasi kursus", defaults={"active": True})
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page_id=catalogue.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("core", "0002_create_homepage"),
        ("users", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
