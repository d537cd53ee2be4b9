-- Drives the Stagecraft language server through Neovim's own LSP client (run by
-- test/protocol/neovim.test.ts): loads the editor setup from docs/editors.md as a user's init.lua
-- would, opens a Dockerfile, waits for its diagnostics, asks for the outline, a hover, a build
-- plan and the lenses, and writes what came back as JSON. Works on Neovim 0.7 and later.
local function env(name)
  local value = os.getenv(name)
  if not value then error(name .. ' is not set') end
  return value
end
local out_path = env('STAGECRAFT_NVIM_OUT')
local result = { nvim = vim.version(), steps = {} }

local function step(name) table.insert(result.steps, name) end
local function request(buf, method, params)
  local responses, err = vim.lsp.buf_request_sync(buf, method, params, 10000)
  if not responses then error(method .. ': ' .. tostring(err)) end
  for _, response in pairs(responses) do
    if response.error then error(method .. ': ' .. vim.inspect(response.error)) end
    return response.result
  end
  error(method .. ': no client answered')
end

local ok, err = pcall(function()
  vim.cmd('filetype on')
  dofile(env('STAGECRAFT_NVIM_SETUP')) -- the documented snippet, unchanged
  step('setup')
  vim.cmd('edit ' .. vim.fn.fnameescape(env('STAGECRAFT_NVIM_FILE')))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype

  local clients = function() return vim.tbl_values(vim.lsp.buf_get_clients(buf)) end
  if not vim.wait(10000, function() return #clients() > 0 end, 20) then error('no client attached to the buffer') end
  local client = clients()[1]
  result.client = { name = client.name, cmd = client.config.cmd }
  if not vim.wait(10000, function() return client.initialized end, 20) then error('the server did not initialize') end
  step('attached')

  if not vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then error('no diagnostics arrived') end
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(result.diagnostics, {
      code = d.code or lsp.code, source = d.source, severity = d.severity,
      lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message,
    })
  end
  step('diagnostics')

  local document = vim.lsp.util.make_text_document_params(buf)
  result.symbols = request(buf, 'textDocument/documentSymbol', { textDocument = document })
  step('documentSymbol')
  -- On `build` in `COPY --from=build` (line 12 of the file, 0-based 11).
  result.hover = request(buf, 'textDocument/hover', { textDocument = document, position = { line = 11, character = 14 } })
  step('hover')
  result.plan = request(buf, 'stagecraft/buildPlan', { uri = document.uri, target = 'test' })
  step('buildPlan')
  -- The documented settings turn the Build/Run lenses off (they name VS Code commands).
  result.codeLenses = request(buf, 'textDocument/codeLens', { textDocument = document })
  step('codeLens')

  vim.lsp.stop_client(client.id)
  result.stopped = vim.wait(5000, function() return vim.lsp.get_client_by_id(client.id) == nil end, 20)
  step('stopped')
end)

if not ok then result.error = tostring(err) end
local file = assert(io.open(out_path, 'w'))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qa!')
