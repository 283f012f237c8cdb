// The UI scenarios of typing (issue 9), in real VS Code: typed at a human pace with default settings.
// (Stub: filled by the work on issue 9.)

export async function runTypingScenarios(_context) {}
