{{/*
What the chart knows of each service, from its src/main/resources/application.properties: the key of its values,
whether it has a PostgreSQL datasource (quarkus.datasource.*), whether it verifies bearer JWTs (mp.jwt.*), and the
property that names the services' own AWS account, where it has one. Templates range over this map (in key order).
*/}}
{{- define "gfs-backup.components" -}}
policy-service:
  values: policyService
  datasource: true
  jwt: true
  accountIdProperty: gfs.policy.account-id
scheduler-service:
  values: schedulerService
  datasource: true
  jwt: false
  accountIdProperty: gfs.scheduler.account-id
backup-worker:
  values: backupWorker
  datasource: false
  jwt: false
  accountIdProperty: ""
retention-service:
  values: retentionService
  datasource: true
  jwt: true
  accountIdProperty: ""
operations-service:
  values: operationsService
  datasource: true
  jwt: true
  accountIdProperty: gfs.operations.aws.account-id
{{- end }}

{{/* The chart's name, or nameOverride. */}}
{{- define "gfs-backup.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's prefix of every resource name: fullnameOverride, or the release name with the chart's name. */}}
{{- define "gfs-backup.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* chart name and version, as the helm.sh/chart label. */}}
{{- define "gfs-backup.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The name of a service's resources (Deployment, Service, PodDisruptionBudget, ServiceAccount).
Context: dict "root" $ "component" "policy-service".
*/}}
{{- define "gfs-backup.componentName" -}}
{{- printf "%s-%s" (include "gfs-backup.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels. Context: dict "root" $ "component" NAME. */}}
{{- define "gfs-backup.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gfs-backup.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{/* Every resource's labels. Context: dict "root" $ "component" NAME (or ""). */}}
{{- define "gfs-backup.labels" -}}
helm.sh/chart: {{ include "gfs-backup.chart" .root }}
{{ include "gfs-backup.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: gfs-backup
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
A service's image: [global.imageRegistry/]repository, then @digest, or :tag (the service's tag, else image.tag, else
the chart's appVersion). Context: dict "root" $ "svc" <the service's values>.
*/}}
{{- define "gfs-backup.image" -}}
{{- $registry := .root.Values.global.imageRegistry | default "" | trimSuffix "/" }}
{{- $ref := .svc.image.repository }}
{{- if $registry }}
{{- $ref = printf "%s/%s" $registry $ref }}
{{- end }}
{{- if .svc.image.digest }}
{{- printf "%s@%s" $ref .svc.image.digest }}
{{- else }}
{{- printf "%s:%s" $ref (.svc.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion | toString) }}
{{- end }}
{{- end }}

{{/*
The ServiceAccount a service's pods run as. serviceAccount.perService: <svc>.serviceAccount.name, else
<fullname>-<component>; shared: serviceAccount.name, else <fullname>. Without serviceAccount.create, a name that is
not given is "default". Context: dict "root" $ "component" NAME "svc" <values>.
*/}}
{{- define "gfs-backup.serviceAccountName" -}}
{{- $sa := .root.Values.serviceAccount }}
{{- if $sa.perService }}
{{- $name := ((.svc.serviceAccount).name) }}
{{- if $sa.create }}
{{- $name | default (include "gfs-backup.componentName" .) }}
{{- else }}
{{- $name | default "default" }}
{{- end }}
{{- else }}
{{- if $sa.create }}
{{- $sa.name | default (include "gfs-backup.fullname" .root) }}
{{- else }}
{{- $sa.name | default "default" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The environment variable of a configuration property, by MicroProfile Config's rule: every character other than
A-Z, a-z and 0-9 becomes "_", then upper case (gfs.worker.limits.create-backups-per-second ->
GFS_WORKER_LIMITS_CREATE_BACKUPS_PER_SECOND). Context: the property name.
*/}}
{{- define "gfs-backup.envName" -}}
{{- regexReplaceAll "[^A-Za-z0-9]" . "_" | upper }}
{{- end }}

{{/*
A value from values.yaml as text: a large number that YAML parsed as a float (7776000000) is written as an
integer, not 7.776e+09. Context: the value.
*/}}
{{- define "gfs-backup.scalar" -}}
{{- if kindIs "float64" . }}
{{- if eq . (floor .) }}{{ int64 . }}{{ else }}{{ . }}{{ end }}
{{- else }}
{{- . }}
{{- end }}
{{- end }}

{{/*
A setting of a service that falls back to the chart-wide one: the service's value when it is set and not empty,
else the top-level value of the same key. Context: dict "root" $ "svc" <values> "key" NAME.
*/}}
{{- define "gfs-backup.setting" -}}
{{- $own := get .svc .key }}
{{- if $own }}
{{- toYaml $own }}
{{- else }}
{{- with get .root.Values .key }}
{{- toYaml . }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The environment of a service's container: every setting the chart gives it, in the names Quarkus and the services
read (their application.properties say which). Context: dict "root" $ "component" NAME "facts" <components entry>
"svc" <values>.
*/}}
{{- define "gfs-backup.env" -}}
{{- $v := .root.Values }}
{{- $svc := .svc }}
- name: QUARKUS_HTTP_PORT
  value: {{ $svc.port | quote }}
{{- /* Kafka: every kafka.* setting reaches every client of the service (docs/decisions/0009) */}}
{{- with $v.kafka.bootstrapServers }}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ . | quote }}
{{- end }}
{{- with $v.kafka.securityProtocol }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ . | quote }}
{{- end }}
{{- with $v.kafka.saslMechanism }}
- name: KAFKA_SASL_MECHANISM
  value: {{ . | quote }}
{{- end }}
{{- range $property, $value := $v.kafka.config }}
- name: {{ include "gfs-backup.envName" (printf "kafka.%s" $property) }}
  value: {{ include "gfs-backup.scalar" $value | quote }}
{{- end }}
{{- with $v.kafka.truststore }}
{{- if .secretName }}
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: {{ printf "%s/%s" (trimSuffix "/" .mountPath) .key | quote }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: {{ .type | quote }}
{{- if .passwordKey }}
- name: KAFKA_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ .passwordKey }}
{{- end }}
{{- end }}
{{- end }}
{{- /* PostgreSQL, for the services that have a datasource */}}
{{- if .facts.datasource }}
{{- $pg := $v.postgresql }}
{{- $pgSecret := (($svc.postgresql).existingSecret) | default $pg.existingSecret }}
- name: QUARKUS_DATASOURCE_JDBC_URL
{{- if $pg.jdbcUrl }}
  value: {{ $pg.jdbcUrl | quote }}
{{- else }}
  valueFrom:
    secretKeyRef:
      name: {{ $pgSecret }}
      key: {{ $pg.secretKeys.jdbcUrl }}
{{- end }}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $pgSecret }}
      key: {{ $pg.secretKeys.username }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $pgSecret }}
      key: {{ $pg.secretKeys.password }}
{{- end }}
{{- /* AWS: credentials come from the default provider chain (IRSA through the ServiceAccount) */}}
{{- with $v.aws.region }}
- name: AWS_REGION
  value: {{ . | quote }}
{{- end }}
{{- if and $v.aws.accountId .facts.accountIdProperty }}
- name: {{ include "gfs-backup.envName" .facts.accountIdProperty }}
  value: {{ include "gfs-backup.scalar" $v.aws.accountId | quote }}
{{- end }}
{{- /* bearer tokens, for the services with a REST API */}}
{{- if .facts.jwt }}
{{- $jwt := $v.jwt }}
{{- $location := $jwt.publicKeyLocation }}
{{- if and (not $location) $jwt.publicKey.configMapName }}
{{- $location = printf "%s/%s" (trimSuffix "/" $jwt.publicKey.mountPath) $jwt.publicKey.key }}
{{- end }}
{{- with $location }}
- name: MP_JWT_VERIFY_PUBLICKEY_LOCATION
  value: {{ . | quote }}
{{- end }}
{{- with $jwt.issuer }}
- name: MP_JWT_VERIFY_ISSUER
  value: {{ . | quote }}
{{- end }}
{{- with $jwt.audiences }}
- name: MP_JWT_VERIFY_AUDIENCES
  value: {{ . | quote }}
{{- end }}
{{- with $jwt.groupsClaimPath }}
- name: SMALLRYE_JWT_PATH_GROUPS
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- with $svc.javaOpts }}
- name: JAVA_OPTS_APPEND
  value: {{ . | quote }}
{{- end }}
{{- range $property, $value := $svc.config }}
- name: {{ include "gfs-backup.envName" $property }}
  value: {{ include "gfs-backup.scalar" $value | quote }}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with $svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
