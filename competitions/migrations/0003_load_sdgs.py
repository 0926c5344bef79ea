"""The 17 Sustainable Development Goals with their official Indonesian names (Bappenas, "Tujuan
Pembangunan Berkelanjutan") and English names (United Nations)."""

from django.db import migrations

SDGS = [
    (1, "Tanpa Kemiskinan", "No Poverty"),
    (2, "Tanpa Kelaparan", "Zero Hunger"),
    (3, "Kehidupan Sehat dan Sejahtera", "Good Health and Well-being"),
    (4, "Pendidikan Berkualitas", "Quality Education"),
    (5, "Kesetaraan Gender", "Gender Equality"),
    (6, "Air Bersih dan Sanitasi Layak", "Clean Water and Sanitation"),
    (7, "Energi Bersih dan Terjangkau", "Affordable and Clean Energy"),
    (8, "Pekerjaan Layak dan Pertumbuhan Ekonomi", "Decent Work and Economic Growth"),
    (9, "Industri, Inovasi dan Infrastruktur", "Industry, Innovation and Infrastructure"),
    (10, "Berkurangnya Kesenjangan", "Reduced Inequalities"),
    (11, "Kota dan Permukiman yang Berkelanjutan", "Sustainable Cities and Communities"),
    (12, "Konsumsi dan Produksi yang Bertanggung Jawab", "Responsible Consumption and Production"),
    (13, "Penanganan Perubahan Iklim", "Climate Action"),
    (14, "Ekosistem Lautan", "Life Below Water"),
    (15, "Ekosistem Daratan", "Life on Land"),
    (16, "Perdamaian, Keadilan dan Kelembagaan yang Tangguh", "Peace, Justice and Strong Institutions"),
    (17, "Kemitraan untuk Mencapai Tujuan", "Partnerships for the Goals"),
]


def load(apps, schema_editor):
    Sdg = apps.get_model("competitions", "Sdg")
    for number, name, name_en in SDGS:
        Sdg.objects.update_or_create(number=number, defaults={"name": name, "name_en": name_en})


def unload(apps, schema_editor):
    # Proposals will point at these rows; leave them in place when migrating backwards.
    pass


class Migration(migrations.Migration):
    dependencies = [("competitions", "0002_editions_as_data")]

    operations = [migrations.RunPython(load, unload)]
