-- Headless neovim (0.7+) as an independent LSP client of the kreq server: opens a .kreq file, waits for
-- diagnostics, asks for completion, edits the buffer and waits for the diagnostics to follow. It prints
-- what it saw, one fact per line; test/editors/neovim.test.ts asserts on those lines.
-- Input (environment): KREQ_NODE, KREQ_SERVER, KREQ_SCHEMA, KREQ_CACHE_DIR, KREQ_FILE.

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

local function print_diagnostics(label, bufnr)
  local list = vim.diagnostic.get(bufnr)
  table.sort(list, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  for _, d in ipairs(list) do
    say(string.format('%s %d:%d %s %s', label, d.lnum, d.col, code_of(d), (d.message:gsub('\n', ' '))))
  end
  say(string.format('%s-COUNT %d', label, #list))
end

local function has_code(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == code then return true end
  end
  return false
end

local function run()
  local file = env('KREQ_FILE')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'kreq'

  local exited = nil
  local client_id = vim.lsp.start_client({
    name = 'kreq',
    cmd = { env('KREQ_NODE'), env('KREQ_SERVER'), '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    init_options = { schema = env('KREQ_SCHEMA'), cacheDir = env('KREQ_CACHE_DIR') },
    on_exit = function(code) exited = code end,
  })
  if not client_id then error('vim.lsp.start_client failed') end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local initialized = vim.wait(10000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized
  end, 20)
  say('INITIALIZED ' .. tostring(initialized))

  local diagnosed = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  say('DIAGNOSED ' .. tostring(diagnosed))
  print_diagnostics('DIAG', bufnr)

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
