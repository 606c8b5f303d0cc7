/**
 * The part of react-pdf's Canvas painter (chainable calls onto the pdfkit document) that
 * Chartroom draws with. Text drawn this way skips react-pdf's text layout, which costs
 * about a millisecond per text node; callers measure and place text themselves.
 */
export interface CanvasPainter {
  rect(x: number, y: number, width: number, height: number): CanvasPainter;
  fillColor(color: string): CanvasPainter;
  fill(): CanvasPainter;
  strokeColor(color: string): CanvasPainter;
  lineWidth(width: number): CanvasPainter;
  moveTo(x: number, y: number): CanvasPainter;
  lineTo(x: number, y: number): CanvasPainter;
  stroke(): CanvasPainter;
  font(name: "Helvetica" | "Helvetica-Bold"): CanvasPainter;
  fontSize(size: number): CanvasPainter;
  /** `y` is the top of the line box; text must already be WinAnsi-safe (see pdfText). */
  text(text: string, x: number, y: number, options: { lineBreak: false }): CanvasPainter;
}
