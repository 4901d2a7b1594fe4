{{/* Names and labels */}}
{{- define "taidon.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "taidon.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The object name of one component: <fullname>-<component> */}}
{{- define "taidon.componentName" -}}
{{- printf "%s-%s" (include "taidon.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "taidon.selectorLabels" -}}
app.kubernetes.io/name: {{ include "taidon.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "taidon.labels" -}}
{{ include "taidon.selectorLabels" . }}
app.kubernetes.io/part-of: taidon
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The values key of a service: idp-adapter -> idpAdapter */}}
{{- define "taidon.valuesKey" -}}
{{- . | replace "-" "_" | camelcase | untitle -}}
{{- end -}}

{{/* An image reference; refuses an empty or `latest` tag. Takes dict(root, repository, tag). */}}
{{- define "taidon.image" -}}
{{- $tag := toString .tag -}}
{{- if or (eq $tag "") (eq $tag "latest") -}}
{{- fail (printf "image %s needs a pinned tag (not empty, not latest)" .repository) -}}
{{- end -}}
{{- $registry := .root.Values.image.registry -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .repository $tag -}}
{{- end -}}
{{- end -}}

{{/* In-cluster URL of a Taidon service */}}
{{- define "taidon.serviceUrl" -}}
{{- printf "http://%s:8080" (include "taidon.componentName" (dict "root" .root "component" .component)) -}}
{{- end -}}

{{- define "taidon.publicUrl" -}}
{{- required "publicUrl is required: the public base URL of the platform (the JWT issuer), e.g. https://taidon.example.org" .Values.publicUrl -}}
{{- end -}}

{{/* Secrets: an existingSecret wins; otherwise the chart's generated one */}}
{{- define "taidon.authSecretName" -}}
{{- default (include "taidon.componentName" (dict "root" . "component" "auth")) .Values.auth.existingSecret -}}
{{- end -}}

{{- define "taidon.databaseSecretName" -}}
{{- if .Values.postgresql.enabled -}}
{{- default (include "taidon.componentName" (dict "root" . "component" "postgresql")) .Values.postgresql.auth.existingSecret -}}
{{- else -}}
{{- required "externalDatabase.existingSecret is required (a Secret with the database password) unless postgresql.enabled" .Values.externalDatabase.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "taidon.databaseSecretKey" -}}
{{- if .Values.postgresql.enabled -}}password{{- else -}}{{ .Values.externalDatabase.existingSecretPasswordKey }}{{- end -}}
{{- end -}}

{{/*
The JDBC URL of one service. Services resolve their tables through the search_path (the embedded mode gives each
service's role its schema as search_path); with one database user for all services here, currentSchema sets it per
connection instead. Takes dict(root, component).
*/}}
{{- define "taidon.jdbcUrl" -}}
{{- $schemas := dict "gateway" "gateway" "idp-adapter" "idp" "user-profile" "profile" "env-manager" "envs" "snapshot-cache" "snapshots" "sql-runner" "runs" "vcs-sync" "vcs" "audit-log" "audit" -}}
{{- $schema := index $schemas .component -}}
{{- $values := .root.Values -}}
{{- if $values.postgresql.enabled -}}
{{- printf "jdbc:postgresql://%s:5432/postgres?currentSchema=%s" (include "taidon.componentName" (dict "root" .root "component" "postgresql")) $schema -}}
{{- else -}}
{{- $host := required "externalDatabase.host is required unless postgresql.enabled" $values.externalDatabase.host -}}
{{- printf "jdbc:postgresql://%s:%v/%s?currentSchema=%s" $host $values.externalDatabase.port $values.externalDatabase.database $schema -}}
{{- end -}}
{{- end -}}

{{- define "taidon.databaseUsername" -}}
{{- if .Values.postgresql.enabled -}}taidon_admin{{- else -}}{{ .Values.externalDatabase.username }}{{- end -}}
{{- end -}}

{{- define "taidon.s3SecretName" -}}
{{- if .Values.s3Store.enabled -}}
{{- default (include "taidon.componentName" (dict "root" . "component" "s3-store")) .Values.s3Store.auth.existingSecret -}}
{{- else -}}
{{- required "externalS3.existingSecret is required (keys access-key and secret-key) unless s3Store.enabled" .Values.externalS3.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "taidon.s3Endpoint" -}}
{{- if .Values.s3Store.enabled -}}
{{- printf "http://%s:9000" (include "taidon.componentName" (dict "root" . "component" "s3-store")) -}}
{{- else -}}
{{- required "externalS3.endpoint is required unless s3Store.enabled" .Values.externalS3.endpoint -}}
{{- end -}}
{{- end -}}

{{/* Container security context of every container the chart runs */}}
{{- define "taidon.containerSecurityContext" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Spring configuration every service shares. Takes dict(root, component). */}}
{{- define "taidon.commonConfig" -}}
{{- $root := .root -}}
{{- $idp := include "taidon.serviceUrl" (dict "root" $root "component" "idp-adapter") -}}
{{- $services := dict -}}
{{- range $name := list "idp-adapter" "user-profile" "env-manager" "snapshot-cache" "sql-runner" "vcs-sync" "audit-log" "gateway" -}}
{{- $_ := set $services $name (include "taidon.serviceUrl" (dict "root" $root "component" $name)) -}}
{{- end -}}
server:
  port: 8080
  address: 0.0.0.0
  shutdown: graceful
spring:
  datasource:
    url: {{ include "taidon.jdbcUrl" . | quote }}
    username: {{ include "taidon.databaseUsername" $root | quote }}
    password: ${TAIDON_DB_PASSWORD}
  lifecycle:
    timeout-per-shutdown-phase: 20s
management:
  endpoint:
    health:
      probes:
        enabled: true
taidon:
  security:
    issuer: {{ include "taidon.publicUrl" $root | quote }}
    jwk-set-uri: {{ printf "%s/.well-known/jwks.json" $idp | quote }}
  service-client:
    client-id: {{ .component }}
    client-secret: ${TAIDON_CLIENT_SECRET}
    token-uri: {{ printf "%s/oauth2/token" $idp | quote }}
    services:
{{ toYaml $services | indent 6 }}
{{- end -}}

{{/*
One Taidon service: ConfigMap (application.yaml), Deployment, Service, and for the stateless ones a
HorizontalPodAutoscaler and a PodDisruptionBudget.
Takes dict(root, component, config (YAML string of the service's own properties), env (list), volumes (list),
volumeMounts (list), serviceAccount (bool), stateless (bool)).
*/}}
{{- define "taidon.service" -}}
{{- $root := .root -}}
{{- $values := index $root.Values (include "taidon.valuesKey" .component) -}}
{{- $ctx := dict "root" $root "component" .component -}}
{{- $name := include "taidon.componentName" $ctx -}}
{{- $config := mustMergeOverwrite (include "taidon.commonConfig" $ctx | fromYaml) (default "{}" .config | fromYaml) (deepCopy $values.config) -}}
{{- $configYaml := toYaml $config -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "taidon.labels" $ctx | nindent 4 }}
data:
  application.yaml: |
    {{- $configYaml | nindent 4 }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "taidon.labels" $ctx | nindent 4 }}
spec:
  {{- if not (and .stateless $values.autoscaling.enabled) }}
  replicas: {{ if .stateless }}{{ $values.replicaCount }}{{ else }}1{{ end }}
  {{- end }}
  {{- if not .stateless }}
  strategy:
    type: Recreate
  {{- end }}
  selector:
    matchLabels:
      {{- include "taidon.selectorLabels" $ctx | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "taidon.labels" $ctx | nindent 8 }}
      annotations:
        checksum/config: {{ $configYaml | sha256sum }}
    spec:
      {{- if .serviceAccount }}
      serviceAccountName: {{ $name }}
      automountServiceAccountToken: true
      {{- else }}
      automountServiceAccountToken: false
      {{- end }}
      {{- with $root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      securityContext:
        runAsNonRoot: true
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
        seccompProfile:
          type: RuntimeDefault
      terminationGracePeriodSeconds: {{ if .stateless }}30{{ else }}90{{ end }}
      containers:
        - name: {{ .component }}
          image: {{ include "taidon.image" (dict "root" $root "repository" (printf "%s/%s" $root.Values.image.repositoryPrefix .component) "tag" $root.Values.image.tag) | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          securityContext:
            {{- include "taidon.containerSecurityContext" $root | nindent 12 }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: SPRING_CONFIG_ADDITIONAL_LOCATION
              value: file:/config/
            - name: JAVA_TOOL_OPTIONS
              value: {{ $root.Values.javaToolOptions | quote }}
            - name: TAIDON_DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "taidon.databaseSecretName" $root }}
                  key: {{ include "taidon.databaseSecretKey" $root }}
            - name: TAIDON_CLIENT_SECRET
              valueFrom:
                secretKeyRef:
                  name: {{ include "taidon.authSecretName" $root }}
                  key: client-secret-{{ .component }}
            {{- with .env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            periodSeconds: 5
            failureThreshold: 36
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: http
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 3
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          volumeMounts:
            - name: config
              mountPath: /config
              readOnly: true
            - name: tmp
              mountPath: /tmp
            {{- with .volumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: config
          configMap:
            name: {{ $name }}
        - name: tmp
          emptyDir:
            sizeLimit: {{ $root.Values.tmpSizeLimit }}
        {{- with .volumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "taidon.labels" $ctx | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "taidon.selectorLabels" $ctx | nindent 4 }}
  ports:
    - name: http
      port: 8080
      targetPort: http
      protocol: TCP
{{- if .stateless }}
{{- if $values.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "taidon.labels" $ctx | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicas: {{ $values.autoscaling.minReplicas }}
  maxReplicas: {{ $values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- if $values.pdb.create }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "taidon.labels" $ctx | nindent 4 }}
spec:
  maxUnavailable: {{ $values.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "taidon.selectorLabels" $ctx | nindent 6 }}
{{- end }}
{{- end }}
{{- end -}}
