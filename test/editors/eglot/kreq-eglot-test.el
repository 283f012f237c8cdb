;;; kreq-eglot-test.el --- Headless Emacs + eglot as an independent LSP client of the kreq server  -*- lexical-binding: t -*-

;; Loads the README's eglot snippet (KREQ_SNIPPET: kreq-mode, eglot-server-programs, kreq-send-block), opens a
;; .kreq file, waits for flymake diagnostics and asks for completion (eglot's capf and a raw textDocument/completion).
;; When KREQ_SEND_ENVIRONMENT is set it also sends block 0 with the snippet's `kreq-send-block', waits for the
;; `kaltura' diagnostics the server publishes, and sends again with a raw workspace/executeCommand `kreq.send'.  It
;; prints what it saw, one fact per line; test/editors/eglot.test.ts asserts on those lines.
;; Input (environment): KREQ_SNIPPET, KREQ_SCHEMA, KREQ_CACHE_DIR, KREQ_FILE, optional KREQ_SEND_ENVIRONMENT and
;; KREQ_ELPA_DIR (default: Debian's /usr/share/emacs/site-lisp/elpa).
;; Run: emacs --batch -Q -l kreq-eglot-test.el

;;; Code:

(require 'package)
(setq package-directory-list (list (or (getenv "KREQ_ELPA_DIR") "/usr/share/emacs/site-lisp/elpa")))
(package-initialize)
(require 'eglot)
(require 'flymake)
(require 'cl-lib)

(defvar kreq-environment)  ; defined by the README snippet; let-bound here

(defvar kreq-test-t0 (float-time))

(defun kreq-test-say (line)
  "Print LINE with the milliseconds since start."
  (princ (format "[%dms] %s\n" (round (* 1000 (- (float-time) kreq-test-t0))) line)))

(defun kreq-test-env (name)
  "The value of environment variable NAME; an error when it is unset."
  (let ((value (getenv name)))
    (if (and value (not (string-empty-p value))) value
      (error "Environment variable %s is not set" name))))

(defun kreq-test-wait (seconds predicate)
  "Poll PREDICATE (running flymake) for up to SECONDS; its last value."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (flymake-start))
    value))

(defun kreq-test-lsp-diag (d)
  "The LSP Diagnostic (a plist) behind flymake diagnostic D."
  (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)))

(defun kreq-test-diagnostics ()
  "The buffer's LSP diagnostics, by position."
  (sort (mapcar #'kreq-test-lsp-diag (flymake-diagnostics))
        (lambda (a b)
          (let ((sa (plist-get (plist-get a :range) :start)) (sb (plist-get (plist-get b :range) :start)))
            (or (< (plist-get sa :line) (plist-get sb :line))
                (and (= (plist-get sa :line) (plist-get sb :line)) (< (plist-get sa :character) (plist-get sb :character))))))))

(defun kreq-test-print-diagnostics (label)
  "Print every diagnostic as `LABEL line:col source code message'."
  (let ((list (kreq-test-diagnostics)))
    (dolist (diag list)
      (let ((start (plist-get (plist-get diag :range) :start)))
        (kreq-test-say (format "%s %d:%d %s %s %s" label (plist-get start :line) (plist-get start :character)
                               (or (plist-get diag :source) "?") (or (plist-get diag :code) "?")
                               (replace-regexp-in-string "\n" " " (plist-get diag :message))))))
    (kreq-test-say (format "%s-COUNT %d" label (length list)))))

(defun kreq-test-has-source (source)
  "Whether a diagnostic of SOURCE is shown."
  (cl-some (lambda (diag) (equal (plist-get diag :source) source)) (kreq-test-diagnostics)))

(defun kreq-test-json (value)
  "VALUE (a JSON object as jsonrpc parsed it) as JSON text."
  (json-serialize value :null-object nil :false-object :json-false))

(defun kreq-test-send (environment)
  "Send block 0 to ENVIRONMENT with the snippet's `kreq-send-block', then with a raw `kreq.send'; print the results."
  (let ((commands (append (plist-get (eglot--server-capable :executeCommandProvider) :commands) nil)))
    (kreq-test-say (format "COMMANDS %s" (mapconcat #'identity commands ","))))
  ;; The README's command, from the block's first call line; it answers asynchronously into *kreq response*.
  (goto-char (point-min))
  (forward-line 1)
  (let ((kreq-environment environment)
        (file-buffer (current-buffer)))
    (kreq-send-block)
    (let ((response (kreq-test-wait 20 (lambda ()
                                         (let ((buffer (get-buffer "*kreq response*")))
                                           (and buffer (with-current-buffer buffer
                                                         (and (> (buffer-size) 0) (buffer-string)))))))))
      (set-buffer file-buffer)
      (kreq-test-say (concat "BLOCK-SEND-RESPONSE " (json-serialize (or response ""))))))
  (kreq-test-say (format "RESULT-DIAGNOSED %s" (and (kreq-test-wait 10 (lambda () (kreq-test-has-source "kaltura"))) t)))
  (kreq-test-print-diagnostics "RESULT-DIAG")
  (let ((result (jsonrpc-request (eglot-current-server) :workspace/executeCommand
                                 (list :command "kreq.send"
                                       :arguments (vector (list :uri (plist-get (eglot--TextDocumentIdentifier) :uri)
                                                                :block 0
                                                                :environment environment)))
                                 :timeout 20)))
    (kreq-test-say (concat "SEND-RESULT " (kreq-test-json result)))))

(defun kreq-test-run ()
  "Drive the server through the README snippet; print what happens."
  (load (kreq-test-env "KREQ_SNIPPET") nil t)
  ;; What the snippet leaves to the user: here the schema file and a private cache, not the kaltura.com default.
  (cl-defmethod eglot-initialization-options ((_server eglot-lsp-server))
    (list :schema (kreq-test-env "KREQ_SCHEMA") :cacheDir (kreq-test-env "KREQ_CACHE_DIR")))
  (setq eglot-sync-connect 10 eglot-autoshutdown t eglot-events-buffer-size 0)
  (let ((file (kreq-test-env "KREQ_FILE")))
    (add-hook 'project-find-functions (lambda (_dir) (cons 'transient (file-name-directory file))))
    (find-file file)
    (kreq-test-say (format "MODE %s" major-mode))
    ;; The snippet's kreq-mode-hook runs eglot-ensure, which connects from post-command-hook: never run in batch.
    (run-hooks 'post-command-hook)
    (let ((deadline (+ (float-time) 10)))
      (while (and (not (eglot-current-server)) (< (float-time) deadline))
        (accept-process-output nil 0.05)))
    (let ((server (eglot-current-server)))
      (kreq-test-say (format "INITIALIZED %s" (and server t)))
      (unless server (error "eglot did not connect"))
      (kreq-test-say (format "DIAGNOSED %s" (and (kreq-test-wait 15 (lambda () (flymake-diagnostics))) t)))
      (kreq-test-print-diagnostics "DIAG")
      ;; Completion at the end of the last line, `media.'.
      (goto-char (point-max))
      (let* ((capf (eglot-completion-at-point))
             (candidates (sort (all-completions "" (nth 2 capf)) #'string<)))
        (kreq-test-say (concat "COMPLETION " (mapconcat #'identity candidates ","))))
      (let* ((response (jsonrpc-request server :textDocument/completion (eglot--TextDocumentPositionParams)))
             (items (append (if (vectorp response) response (plist-get response :items)) nil)))
        (kreq-test-say (concat "RAW-COMPLETION "
                               (mapconcat #'identity (sort (mapcar (lambda (item) (plist-get item :label)) items) #'string<) ","))))
      (let ((environment (getenv "KREQ_SEND_ENVIRONMENT")))
        (when (and environment (not (string-empty-p environment)))
          (kreq-test-send environment)))
      ;; shutdown + exit by hand: `eglot-shutdown' kills the process right after `exit', hiding its exit code.
      (let ((process (jsonrpc--process server))
            (deadline (+ (float-time) 5)))
        (setf (eglot--shutdown-requested server) t)
        (jsonrpc-request server :shutdown nil :timeout 5)
        (jsonrpc-notify server :exit nil)
        (while (and (process-live-p process) (< (float-time) deadline))
          (accept-process-output nil 0.05))
        (kreq-test-say (format "SERVER-EXIT %s" (if (process-live-p process) "running" (process-exit-status process))))
        (when (process-live-p process) (delete-process process))))))

(let ((ok (condition-case err
              (progn (kreq-test-run) t)
            (error (kreq-test-say (format "ELISP-ERROR %s" (replace-regexp-in-string "\n" " " (error-message-string err))))
                   nil))))
  (kreq-test-say "DONE")
  (kill-emacs (if ok 0 1)))

;;; kreq-eglot-test.el ends here
