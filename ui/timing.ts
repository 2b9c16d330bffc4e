// Marks of the first load's steps (body read, decoded, nodes placed, graph built, drawn) in the
// page's performance timeline, where the benchmark reads them. Only the first load is marked, so a
// page left open for days does not collect them.
let marking = true;

export const markStep = (step: string): void => void (marking && performance.mark(`ziem:${step}`));

export const stopMarks = (): void => void (marking = false);
