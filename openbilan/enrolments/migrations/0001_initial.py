"""The enrolment and its transitions, moved here from programmes and journeys: their tables keep their names
(programmes_enrolment, journeys_transition), so this migration changes the state only, and the content types."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = (("programmes", "enrolment"), ("journeys", "transition"))


def _rename_content_types(apps, schema_editor, forward=True):
    """Keep the content types' ids (permissions and admin history point to them): only their app changes."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, model in MOVED:
        source, target = (old_app, "enrolments") if forward else ("enrolments", old_app)
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def _back(apps, schema_editor):
    _rename_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0004_change_proposal'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('journeys', '0003_activity_tool_suggestions'),
        ('programmes', '0011_qualification_levels_plain_labels'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='Enrolment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='téléphone')),
                ('birth_date', models.DateField(blank=True, null=True, verbose_name='date de naissance')),
                ('postcode', models.CharField(blank=True, max_length=5, verbose_name='code postal')),
                ('gender', models.CharField(blank=True, choices=[('female', 'Femme'), ('male', 'Homme'), ('other', 'Autre')], db_default='', default='', max_length=6, verbose_name='genre')),
                ('qualification_level', models.CharField(blank=True, choices=[('infra3', 'Sans diplôme ou niveau inférieur au CAP'), ('3', 'CAP, BEP (niveau 3)'), ('4', 'Baccalauréat (niveau 4)'), ('5', 'Bac + 2 : BTS, DUT (niveau 5)'), ('6', 'Bac + 3 ou 4 : licence, BUT (niveau 6)'), ('7', 'Bac + 5 : master (niveau 7)'), ('8', 'Doctorat (niveau 8)')], max_length=6, verbose_name='niveau de qualification')),
                ('qpv', models.BooleanField(blank=True, help_text='Vide : non renseigné.', null=True, verbose_name='habite un quartier prioritaire (QPV)')),
                ('zrr', models.BooleanField(blank=True, help_text='Vide : non renseigné.', null=True, verbose_name='habite une zone de revitalisation rurale (ZRR)')),
                ('single_parent', models.BooleanField(blank=True, help_text='Vide : non renseigné.', null=True, verbose_name='parent isolé')),
                ('social_minima', models.CharField(blank=True, choices=[('none', 'Aucun'), ('rsa', 'RSA'), ('ass', 'ASS'), ('aah', 'AAH'), ('other', 'Autre minimum social')], max_length=8, verbose_name='minimum social')),
                ('job_seeker_since', models.DateField(blank=True, null=True, verbose_name="demandeur d'emploi depuis le")),
                ('status', models.CharField(choices=[('invited', 'Invité·e'), ('active', 'En cours'), ('paused', 'En pause'), ('completed', 'Terminé'), ('dropped', 'Arrêté')], default='invited', max_length=20, verbose_name='statut')),
                ('consented_at', models.DateTimeField(blank=True, null=True, verbose_name='consentement donné le')),
                ('shares_with_prescriber', models.BooleanField(default=False, help_text="Choisi par la personne quand elle accepte l'invitation. Jamais le contenu du bilan.", verbose_name="le prescripteur peut voir l'état du parcours")),
                ('brings_earlier_work', models.BooleanField(db_default=False, default=False, help_text="Choisi par la personne quand elle accepte : ses résultats, suggestions et demandes d'aménagement faits pendant un autre bilan deviennent visibles pour ce bilan.", verbose_name="la personne apporte ses travaux d'un bilan précédent")),
                ('status_changed_at', models.DateTimeField(blank=True, null=True, verbose_name='statut changé le')),
                ('paused_at', models.DateTimeField(blank=True, null=True, verbose_name='en pause depuis le')),
                ('completed_at', models.DateTimeField(blank=True, null=True, verbose_name='terminé le')),
                ('dropped_at', models.DateTimeField(blank=True, null=True, verbose_name='arrêté le')),
                ('drop_reason', models.CharField(blank=True, choices=[('personal', 'Raisons personnelles'), ('health', 'Santé'), ('found_job', 'A trouvé un emploi'), ('moved', 'A déménagé'), ('unreachable', 'Injoignable'), ('other', 'Autre raison')], max_length=20, verbose_name="motif de l'arrêt")),
                ('external_id', models.CharField(blank=True, help_text="L'identifiant de la personne dans le fichier importé : un nouvel import met à jour cette ligne.", max_length=64, verbose_name='identifiant externe')),
                ('referred_on', models.DateField(blank=True, null=True, verbose_name='orientée le')),
                ('age_band', models.CharField(blank=True, choices=[('under_26', 'Moins de 26 ans'), ('26_44', '26 à 44 ans'), ('45_plus', '45 ans et plus')], max_length=10, verbose_name="tranche d'âge")),
                ('job_seeker_band', models.CharField(blank=True, choices=[('under_12m', 'Moins de 12 mois'), ('12_23m', '12 à 23 mois'), ('24m_plus', '24 mois et plus')], max_length=10, verbose_name="durée de recherche d'emploi")),
                ('outcome', models.CharField(blank=True, choices=[('employed_durable', 'Emploi durable'), ('employed_transition', 'Emploi de transition'), ('training', 'Formation qualifiante'), ('business_creation', "Création d'entreprise en cours"), ('job_seeking', "En recherche d'emploi"), ('validating_project', 'Finit de valider son projet'), ('other', 'Autre situation')], max_length=24, verbose_name='situation à date')),
                ('outcome_on', models.DateField(blank=True, null=True, verbose_name='situation constatée le')),
                ('origin', models.CharField(choices=[('platform', 'Créée sur la plateforme'), ('referral', "Orientation d'un prescripteur"), ('import', "Import d'un fichier"), ('historical', "Reprise d'un système antérieur"), ('synthetic', 'Données fictives (démonstration, mesures)')], default='platform', max_length=12, verbose_name='provenance')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('beneficiary', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrolments', to=settings.AUTH_USER_MODEL)),
                ('coach', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='caseload', to=settings.AUTH_USER_MODEL, verbose_name='consultant·e')),
                ('import_batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='enrolments', to='programmes.cohortimport', verbose_name='import')),
                ('prescriber', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='referrals', to='accounts.organisation', verbose_name='prescripteur')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enrolments', to='programmes.programme')),
                ('shared_with', models.ForeignKey(blank=True, help_text="Le partage vaut pour un organisme : si le prescripteur change, le nouveau ne voit rien tant que la personne ne l'a pas choisi.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.organisation', verbose_name='organisme avec lequel la personne partage')),
            ],
            options={
                'verbose_name': 'inscription',
                'verbose_name_plural': 'inscriptions',
                'db_table': 'programmes_enrolment',
            },
        ),
        migrations.CreateModel(
            name='Transition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('status', 'Statut'), ('phase', 'Phase')], max_length=10, verbose_name='type')),
                ('from_state', models.CharField(blank=True, max_length=20, verbose_name='de')),
                ('to_state', models.CharField(max_length=20, verbose_name='vers')),
                ('reason_code', models.CharField(blank=True, max_length=20, verbose_name='motif')),
                ('note', models.TextField(blank=True, verbose_name='pourquoi')),
                ('at', models.DateTimeField(db_index=True, verbose_name='quand')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='qui')),
                ('enrolment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='enrolments.enrolment')),
            ],
            options={
                'verbose_name': "changement d'étape",
                'verbose_name_plural': "changements d'étape",
                'db_table': 'journeys_transition',
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['coach', 'status'], name='programmes__coach_i_3c1e70_idx'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['prescriber', 'status'], name='programmes__prescri_3d3c04_idx'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['birth_date'], name='programmes__birth_d_bdda60_idx'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['programme', 'status', 'outcome', 'completed_at'], name='enrol_report_status'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['programme', 'age_band', 'status', 'outcome'], name='enrol_report_age'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['programme', 'gender', 'status', 'outcome'], name='enrol_report_gender'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['programme', 'qualification_level', 'status', 'outcome'], name='enrol_report_qual'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['programme', 'qpv', 'status', 'outcome'], name='enrol_report_qpv'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['programme', 'zrr', 'status', 'outcome'], name='enrol_report_zrr'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['programme', 'single_parent', 'status', 'outcome'], name='enrol_report_parent'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['programme', 'social_minima', 'status', 'outcome'], name='enrol_report_minima'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['programme', 'job_seeker_band', 'status', 'outcome'], name='enrol_report_jobseek'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['programme', 'prescriber', 'status', 'outcome'], name='enrol_report_prescriber'),
        ),
        migrations.AddIndex(
            model_name='enrolment',
            index=models.Index(fields=['programme', 'referred_on', 'status', 'outcome'], name='enrol_report_entry'),
        ),
        migrations.AddConstraint(
            model_name='enrolment',
            constraint=models.UniqueConstraint(fields=('programme', 'beneficiary'), name='enrolment_once_per_programme'),
        ),
        migrations.AddConstraint(
            model_name='enrolment',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['invited', 'dropped']), ('consented_at__isnull', False), _connector='OR'), name='enrolment_active_only_with_consent'),
        ),
        migrations.AddConstraint(
            model_name='enrolment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'dropped'), models.Q(('drop_reason', ''), _negated=True), ('dropped_at__isnull', False)), models.Q(models.Q(('status', 'dropped'), _negated=True), ('drop_reason', '')), _connector='OR'), name='enrolment_dropped_with_reason'),
        ),
        migrations.AddConstraint(
            model_name='enrolment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'completed'), _negated=True), ('completed_at__isnull', False), _connector='OR'), name='enrolment_completed_with_date'),
        ),
        migrations.AddConstraint(
            model_name='enrolment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'paused'), _negated=True), ('paused_at__isnull', False), _connector='OR'), name='enrolment_paused_with_date'),
        ),
        migrations.AddConstraint(
            model_name='enrolment',
            constraint=models.UniqueConstraint(condition=models.Q(('external_id', ''), _negated=True), fields=('programme', 'external_id'), name='enrolment_external_id_once_per_programme'),
        ),
        migrations.AddConstraint(
            model_name='enrolment',
            constraint=models.CheckConstraint(condition=models.Q(('outcome', ''), ('status', 'completed'), _connector='OR'), name='enrolment_outcome_only_when_completed'),
        ),
        migrations.AddIndex(
            model_name='transition',
            index=models.Index(fields=['enrolment', 'kind', 'at'], name='journeys_tr_enrolme_9f8780_idx'),
        ),
        migrations.AddConstraint(
            model_name='transition',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'status'), ('to_state', 'dropped'), _negated=True), ('reason_code__in', ('personal', 'health', 'found_job', 'moved', 'unreachable', 'other')), _connector='OR'), name='transition_drop_has_reason'),
        ),
            ],
        ),
        migrations.RunPython(_rename_content_types, _back),
    ]
