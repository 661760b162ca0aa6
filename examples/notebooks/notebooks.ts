/** The notebooks, in reading order: file name and title (the nav bar and the tests use this list). */
export const NOTEBOOKS = [
  { file: '01-first-simulation.html', title: 'First simulation' },
  { file: '02-export-controls-and-alliances.html', title: 'Export controls and alliances' },
  { file: '03-tit-for-tat.html', title: 'Tit-for-tat' },
  { file: '04-sanctions-and-substitution.html', title: 'Sanctions and substitution' },
  { file: '05-write-your-own-scenario.html', title: 'Write your own scenario' },
  { file: '06-de-risking.html', title: 'De-risking' },
  { file: '07-sensitivity-analysis.html', title: 'Sensitivity analysis' },
  { file: '08-standards-blocs.html', title: 'Standards blocs' },
  { file: '09-third-countries.html', title: 'Third countries' },
] as const;

/** Pages beside the notebooks, after them in the nav bar. */
export const EXTRA_PAGES = [
  { file: 'glossary.html', title: 'Glossary' },
  { file: 'playground.html', title: 'Playground' },
] as const;
