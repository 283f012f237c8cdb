-- Headless neovim (0.7+) as an independent LSP client of the kreq server: opens a .kreq file, waits for
-- diagnostics, asks for completion, edits the buffer and waits for the diagnostics to follow. With
-- KREQ_SEND_ENVIRONMENT it instead lists the CodeLenses, sends block 0 with `vim.lsp.codelens.run()` and with
-- a `kreq.send` executeCommand, and waits for the `kaltura` diagnostics. It prints what it saw, one fact per
-- line; test/editors/neovim.test.ts asserts on those lines.
-- Input (environment): KREQ_SCHEMA, KREQ_CACHE_DIR, KREQ_FILE; KREQ_NODE and KREQ_SERVER, or KREQ_SNIPPET (the
-- README's neovim snippet, which starts the client); optional KREQ_SEND_ENVIRONMENT.

local t0 = vim.loop.hrtime()
local function ms() return math.floor((vim.loop.hrtime() - t0) / 1e6) end
local function say(line) io.stdout:write(string.format('[%dms] %s\n', ms(), line)) end
local function env(name)
  local value = os.getenv(name)
  if not value or value == '' then error('environment variable ' .. name .. ' is not set') end
  return value
end

local function code_of(d)
  if d.code ~= nil then return tostring(d.code) end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code and tostring(lsp.code) or '?'
end

local function print_diagnostics(label, bufnr, with_source)
  local list = vim.diagnostic.get(bufnr)
  table.sort(list, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  for _, d in ipairs(list) do
    local source = with_source and ((d.source or '?') .. ' ') or ''
    say(string.format('%s %d:%d %s%s %s', label, d.lnum, d.col, source, code_of(d), (d.message:gsub('\n', ' '))))
  end
  say(string.format('%s-COUNT %d', label, #list))
end

local function has_code(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == code then return true end
  end
  return false
end

local function has_source(bufnr, source)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == source then return true end
  end
  return false
end

local exited = nil

local function start_directly(file)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'kreq'

  local client_id = vim.lsp.start_client({
    name = 'kreq',
    cmd = { env('KREQ_NODE'), env('KREQ_SERVER'), '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    init_options = { schema = env('KREQ_SCHEMA'), cacheDir = env('KREQ_CACHE_DIR') },
    on_exit = function(code) exited = code end,
  })
  if not client_id then error('vim.lsp.start_client failed') end
  vim.lsp.buf_attach_client(bufnr, client_id)
  return bufnr, client_id
end

-- The README snippet starts the client from its FileType autocmd; the test adds what the snippet leaves to the
-- user (the schema file, a private cache, the environment) to the config the snippet passes.
local function start_from_snippet(file, snippet)
  local start_client = vim.lsp.start_client
  local client_id = nil
  vim.lsp.start_client = function(config)
    config = vim.tbl_deep_extend('force', config, {
      init_options = { schema = env('KREQ_SCHEMA'), cacheDir = env('KREQ_CACHE_DIR'), environment = env('KREQ_SEND_ENVIRONMENT') },
    })
    config.on_exit = function(code) exited = code end
    client_id = start_client(config)
    return client_id
  end
  dofile(snippet)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  say('FILETYPE ' .. vim.bo[bufnr].filetype)
  if not client_id then error('the README snippet started no client') end
  say('ATTACHED ' .. tostring(vim.lsp.buf_is_attached(bufnr, client_id)))
  return bufnr, client_id
end

-- Completion after `media.`, hover, then an edit the diagnostics must follow.
local function language_scenario(bufnr)
  -- Completion at the end of the last line, `media.`.
  local last = vim.api.nvim_buf_line_count(bufnr) - 1
  local text = vim.api.nvim_buf_get_lines(bufnr, last, last + 1, false)[1]
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = last, character = #text } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, 10000)
  local labels = {}
  for _, response in pairs(responses or {}) do
    if response.err then say('COMPLETION-ERROR ' .. vim.inspect(response.err)) end
    local items = response.result and (response.result.items or response.result) or {}
    for _, item in ipairs(items) do table.insert(labels, item.label) end
  end
  table.sort(labels)
  say('COMPLETION ' .. table.concat(labels, ','))

  local hovers = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = params.textDocument, position = { line = 1, character = 2 } }, 10000)
  for _, response in pairs(hovers or {}) do
    say('HOVER ' .. (response.err and 'error' or (response.result and 'contents' or 'null')))
  end

  -- Fix the misspelt action: the buffer edit goes out as didChange; the unknown-action must go away.
  vim.api.nvim_buf_set_lines(bufnr, 1, 2, false, { 'media.list' })
  local updated = vim.wait(10000, function() return not has_code(bufnr, 'unknown-action') end, 20)
  say('UPDATED ' .. tostring(updated))
  print_diagnostics('DIAG-AFTER-EDIT', bufnr)
end

-- The ▶ Send Request lenses, block 0 sent from its lens (environment: the `environment` init option), then sent with an
-- explicit `kreq.send` naming the environment; the failing call comes back as a `kaltura` diagnostic.
local function send_scenario(bufnr, client_id, environment)
  local client = vim.lsp.get_client_by_id(client_id)
  local provider = client.server_capabilities.executeCommandProvider
  say('COMMANDS ' .. table.concat(type(provider) == 'table' and provider.commands or {}, ','))
  local uri = vim.uri_from_bufnr(bufnr)

  local lens_responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeLens', { textDocument = { uri = uri } }, 10000)
  for _, response in pairs(lens_responses or {}) do
    if response.err then say('CODELENS-ERROR ' .. vim.inspect(response.err)) end
    for _, lens in ipairs(response.result or {}) do
      local command = lens.command or {}
      say(string.format('CODELENS %d %s %s %s', lens.range.start.line, tostring(command.command),
        vim.fn.json_encode(command.arguments or {}), tostring(command.title)))
    end
  end

  -- The snippet refreshes the lenses once attached; run() sends the one on the cursor line.
  local refreshed = vim.wait(10000, function() return #vim.lsp.codelens.get(bufnr) > 0 end, 20)
  say('LENSES ' .. tostring(refreshed))
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  -- Line 1 holds two lenses (▶▶ Send All and block 0's ▶ Send Request): neovim asks which; pick Send Request as a
  -- person would from the list it shows.
  local select = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    local titles = {}
    for _, item in ipairs(items) do table.insert(titles, opts.format_item(item)) end
    say('LENS-CHOICES ' .. table.concat(titles, ' | '))
    for _, item in ipairs(items) do
      if item.lens.command.command == 'kreq.send' then return on_choice(item) end
    end
    on_choice(nil)
  end
  vim.lsp.codelens.run()
  vim.ui.select = select
  local sent = vim.wait(20000, function() return has_source(bufnr, 'kaltura') end, 20)
  say('LENS-SENT ' .. tostring(sent))
  print_diagnostics('RESULT-DIAG', bufnr, true)

  local params = { command = 'kreq.send', arguments = { { uri = uri, block = 0, environment = environment } } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'workspace/executeCommand', params, 20000)
  for _, response in pairs(responses or {}) do
    if response.err then say('SEND-ERROR ' .. vim.inspect(response.err)) end
    if response.result then say('SEND-RESULT ' .. vim.fn.json_encode(response.result)) end
  end
end

local function run()
  local file = env('KREQ_FILE')
  local snippet = os.getenv('KREQ_SNIPPET')
  local bufnr, client_id
  if snippet and snippet ~= '' then
    bufnr, client_id = start_from_snippet(file, snippet)
  else
    bufnr, client_id = start_directly(file)
  end

  local initialized = vim.wait(10000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized
  end, 20)
  say('INITIALIZED ' .. tostring(initialized))

  local diagnosed = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  say('DIAGNOSED ' .. tostring(diagnosed))
  print_diagnostics('DIAG', bufnr)

  local environment = os.getenv('KREQ_SEND_ENVIRONMENT')
  if environment and environment ~= '' then
    send_scenario(bufnr, client_id, environment)
  else
    language_scenario(bufnr)
  end

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return exited ~= nil end, 20)
  say('SERVER-EXIT ' .. tostring(exited))
end

local ok, err = pcall(run)
if not ok then
  say('LUA-ERROR ' .. tostring(err))
  vim.cmd('cq')
end
say('DONE')
vim.cmd('qa!')
