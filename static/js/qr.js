// QR codes drawn by the visitor's browser: <img data-qr-text="…"> gets the QR code of that
// text as an SVG image (qrcode-generator from node_modules: error correction M, the mask
// chosen by the standard's penalty rules, two modules of quiet zone, as units/qr.py draws
// them on the server). The public verification page is asked for by anyone holding a
// certificate; drawing its QR code on the server was two thirds of the page's time for a
// code not asked for before (issue 13). Without JavaScript the page's <noscript> image,
// drawn by the server, shows instead.
(() => {
  const QUIET_ZONE_MODULES = 2;
  document.querySelectorAll("img[data-qr-text]").forEach((img) => {
    const symbol = qrcode(0, "M");
    symbol.addData(img.dataset.qrText, "Byte");
    symbol.make();
    const svg = symbol.createSvgTag({ cellSize: 1, margin: QUIET_ZONE_MODULES, scalable: true });
    img.src = "data:image/svg+xml;base64," + btoa(svg);
    img.hidden = false;
  });
})();
