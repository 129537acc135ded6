{{/* The release's full name, at most 63 characters as Kubernetes names must be. */}}
{{- define "lifeboat.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select a component's pods: they never change across upgrades. */}}
{{- define "lifeboat.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "lifeboat.labels" -}}
{{ include "lifeboat.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/*
lifeboat.yml from the values' `config`, with the decryption key when keys.decryptionSecret is set:
Lifeboat loads that key at start-up, so it is configured only where it is mounted.
*/}}
{{- define "lifeboat.config" -}}
{{- $config := deepCopy .Values.config -}}
{{- if .Values.keys.decryptionSecret -}}
{{- $encryption := get $config "encryption" | default dict -}}
{{- $_ := set $encryption "decryptionKey" (dict "file" "/etc/lifeboat/keys/decryption/decryption.sec.asc" "passphraseEnv" "LIFEBOAT_DECRYPTION_PASSPHRASE") -}}
{{- $_ := set $config "encryption" $encryption -}}
{{- end -}}
{{- toYaml $config -}}
{{- end -}}

{{- define "lifeboat.configSecret" -}}
{{- .Values.existingConfigSecret | default (printf "%s-config" (include "lifeboat.fullname" .)) -}}
{{- end -}}

{{- define "lifeboat.serviceAccount" -}}
{{- .Values.serviceAccount.name | default (include "lifeboat.fullname" .) -}}
{{- end -}}

{{- define "lifeboat.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/*
The pod spec both Deployments share: the configuration and keys as read-only files, the state
directory and /tmp on emptyDirs under a read-only root file system. Called with
dict "root" $ "component" NAME "args" LIST "ports" LIST "probes" YAML "resources" MAP "placement" MAP.
*/}}
{{- define "lifeboat.podSpec" -}}
{{- $v := .root.Values -}}
serviceAccountName: {{ include "lifeboat.serviceAccount" .root }}
automountServiceAccountToken: {{ .root.Values.serviceAccount.automountToken }}
{{- with $v.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml $v.podSecurityContext | nindent 2 }}
containers:
  - name: {{ .component }}
    image: {{ include "lifeboat.image" .root }}
    imagePullPolicy: {{ $v.image.pullPolicy }}
    args:
      {{- toYaml .args | nindent 6 }}
    env:
      - name: LIFEBOAT_HOME
        value: /var/lib/lifeboat
    {{- with $v.envFromSecret }}
    envFrom:
      - secretRef:
          name: {{ . }}
    {{- end }}
    ports:
      {{- toYaml .ports | nindent 6 }}
    {{- .probes | nindent 4 }}
    resources:
      {{- toYaml .resources | nindent 6 }}
    securityContext:
      {{- toYaml $v.securityContext | nindent 6 }}
    volumeMounts:
      - {name: config, mountPath: /etc/lifeboat/lifeboat.yml, subPath: lifeboat.yml, readOnly: true}
      - {name: recipients, mountPath: /etc/lifeboat/keys/recipients, readOnly: true}
      - {name: signing, mountPath: /etc/lifeboat/keys/signing, readOnly: true}
      {{- if $v.keys.decryptionSecret }}
      - {name: decryption, mountPath: /etc/lifeboat/keys/decryption, readOnly: true}
      {{- end }}
      - {name: state, mountPath: /var/lib/lifeboat}
      - {name: tmp, mountPath: /tmp}
volumes:
  - name: config
    secret: {secretName: {{ include "lifeboat.configSecret" .root }}, defaultMode: 0440}
  - name: recipients
    secret: {secretName: {{ $v.keys.recipientsSecret }}, defaultMode: 0444}
  - name: signing
    secret: {secretName: {{ $v.keys.signingSecret }}, defaultMode: 0440}
  {{- if $v.keys.decryptionSecret }}
  - name: decryption
    secret: {secretName: {{ $v.keys.decryptionSecret }}, defaultMode: 0440}
  {{- end }}
  - name: state
    emptyDir: {sizeLimit: {{ $v.stateVolume.sizeLimit }}}
  - name: tmp
    emptyDir: {sizeLimit: {{ $v.tmpVolume.sizeLimit }}}
{{- with .placement.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .placement.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .placement.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
