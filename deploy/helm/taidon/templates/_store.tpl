{{/*
A single-replica in-cluster store (PostgreSQL or the S3-compatible store) for development: StatefulSet with one data
volume, a headless-free ClusterIP Service, and a NetworkPolicy that admits only the Taidon services.
Takes dict(root, component, values, port, env (list), dataPath, command (list, optional), runAsUser).
*/}}
{{- define "taidon.store" -}}
{{- $root := .root -}}
{{- $ctx := dict "root" $root "component" .component -}}
{{- $name := include "taidon.componentName" $ctx -}}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "taidon.labels" $ctx | nindent 4 }}
spec:
  replicas: 1
  serviceName: {{ $name }}
  selector:
    matchLabels:
      {{- include "taidon.selectorLabels" $ctx | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "taidon.labels" $ctx | nindent 8 }}
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: {{ .runAsUser }}
        runAsGroup: {{ .runAsUser }}
        fsGroup: {{ .runAsUser }}
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: {{ .component }}
          image: {{ include "taidon.image" (dict "root" $root "repository" .values.image.repository "tag" .values.image.tag) | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- with .command }}
          args:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          securityContext:
            {{- include "taidon.containerSecurityContext" $root | nindent 12 }}
          ports:
            - name: store
              containerPort: {{ .port }}
              protocol: TCP
          env:
            {{- toYaml .env | nindent 12 }}
          livenessProbe:
            tcpSocket:
              port: store
            initialDelaySeconds: 10
            periodSeconds: 10
          readinessProbe:
            tcpSocket:
              port: store
            periodSeconds: 5
          resources:
            {{- toYaml .values.resources | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: {{ .dataPath }}
            - name: tmp
              mountPath: /tmp
            - name: run
              mountPath: /var/run/postgresql
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $root.Values.tmpSizeLimit }}
        - name: run
          emptyDir:
            sizeLimit: 16Mi
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes:
          - ReadWriteOnce
        {{- with .values.persistence.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ .values.persistence.size }}
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
    - name: store
      port: {{ .port }}
      targetPort: store
      protocol: TCP
{{- if $root.Values.networkPolicy.enabled }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ $name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "taidon.labels" $ctx | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "taidon.selectorLabels" $ctx | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app.kubernetes.io/instance: {{ $root.Release.Name }}
              app.kubernetes.io/part-of: taidon
      ports:
        - protocol: TCP
          port: {{ .port }}
  egress: []
{{- end }}
{{- end -}}
