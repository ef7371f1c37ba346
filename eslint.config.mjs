// ESLint (flat config): `npm run lint`. The site's script is served to browsers as it is (no
// bundler): a plain script, not a module; the vendored lunr and Material's shim are not ours.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["overrides/assets/javascripts/vendor/", "overrides/assets/javascripts/iframe-worker-shim.js", "node_modules/", "site/"] },
  js.configs.recommended,
  {
    files: ["overrides/assets/javascripts/**/*.js"],
    languageOptions: {
      ecmaVersion: 2018,  // the newest syntax it uses: Unicode property escapes in regular expressions
      sourceType: "script",
      globals: {
        ...globals.browser,
        lunr: "readonly",
        module: "readonly"  // only read to hand the pure functions to tests/js/ under Node
      }
    }
  },
  {
    files: ["tests/js/**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } }
  }
];
