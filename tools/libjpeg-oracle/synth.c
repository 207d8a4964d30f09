/*
 * Synthetic JPEG writer for exercising FaceMetric's LibjpegDecoder against this oracle (not used by the tests).
 * Encodes a deterministic test picture (gradients, saturated patches and noise, so that clamping, upsampling and the
 * IDCT's range limit all matter) with the system libjpeg.
 *
 *   synth OUT WIDTH HEIGHT SAMPLING COLOR QUALITY RESTART SCANS SEED
 *     SAMPLING  "HxV,HxV,HxV" per component, e.g. 2x2,1x1,1x1 (one entry for gray)
 *     COLOR     ycc | rgb | gray
 *     QUALITY   1..100; below 25 the tables are not forced to baseline (16-bit DQT, SOF1)
 *     RESTART   restart interval in MCUs (0: none)
 *     SCANS     i: one interleaved scan; s: one scan per component; p: Y, then Cb+Cr interleaved
 *     SEED      picture variant
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

static unsigned int rng_state;
static unsigned int rng(void) { rng_state = rng_state * 1103515245u + 12345u; return (rng_state >> 16) & 0x7FFF; }

int main(int argc, char **argv)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  jpeg_scan_info scans[3];
  int width, height, quality, restart, seed, ncomp, x, y, c;
  const char *sampling, *color, *mode;
  unsigned char *row;
  FILE *out;

  if (argc != 10) { fprintf(stderr, "usage: see synth.c\n"); return 2; }
  width = atoi(argv[2]); height = atoi(argv[3]); sampling = argv[4]; color = argv[5];
  quality = atoi(argv[6]); restart = atoi(argv[7]); mode = argv[8]; seed = atoi(argv[9]);
  ncomp = strcmp(color, "gray") == 0 ? 1 : 3;
  rng_state = (unsigned int)seed * 7919u + 17u;

  cinfo.err = jpeg_std_error(&jerr);
  jpeg_create_compress(&cinfo);
  out = fopen(argv[1], "wb");
  if (!out) { perror(argv[1]); return 1; }
  jpeg_stdio_dest(&cinfo, out);
  cinfo.image_width = (JDIMENSION)width;
  cinfo.image_height = (JDIMENSION)height;
  cinfo.input_components = ncomp;
  cinfo.in_color_space = ncomp == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&cinfo);
  if (strcmp(color, "rgb") == 0) jpeg_set_colorspace(&cinfo, JCS_RGB);
  jpeg_set_quality(&cinfo, quality, quality >= 25);
  cinfo.restart_interval = (unsigned int)restart;
  for (c = 0; c < ncomp; c++) {
    int h = 1, v = 1;
    const char *p = sampling;
    int k;
    for (k = 0; k < c && p; k++) { p = strchr(p, ','); if (p) p++; }
    if (p) sscanf(p, "%dx%d", &h, &v);
    cinfo.comp_info[c].h_samp_factor = h;
    cinfo.comp_info[c].v_samp_factor = v;
  }
  if (ncomp == 3 && mode[0] != 'i') {
    int n = 0;
    if (mode[0] == 's') {
      for (c = 0; c < 3; c++) { scans[n].comps_in_scan = 1; scans[n].component_index[0] = c; n++; }
    } else {
      scans[n].comps_in_scan = 1; scans[n].component_index[0] = 0; n++;
      scans[n].comps_in_scan = 2; scans[n].component_index[0] = 1; scans[n].component_index[1] = 2; n++;
    }
    for (c = 0; c < n; c++) { scans[c].Ss = 0; scans[c].Se = 63; scans[c].Ah = 0; scans[c].Al = 0; }
    cinfo.scan_info = scans;
    cinfo.num_scans = n;
  }
  jpeg_start_compress(&cinfo, TRUE);
  row = malloc((size_t)width * ncomp);
  for (y = 0; y < height; y++) {
    JSAMPROW rows[1];
    for (x = 0; x < width; x++) {
      for (c = 0; c < ncomp; c++) {
        int v;
        switch ((x / 7 + y / 5 + seed) % 4) {
        case 0: v = (x * 255) / (width > 1 ? width - 1 : 1); break;           /* horizontal ramp */
        case 1: v = ((x + y * (c + 1)) & 1) ? 255 : 0; break;                  /* checker: overshoot in the IDCT */
        case 2: v = (int)(rng() & 255); break;                                 /* noise */
        default: v = (c == (seed % 3)) ? 255 : ((y * 255) / (height > 1 ? height - 1 : 1)); break;
        }
        row[x * ncomp + c] = (unsigned char)v;
      }
    }
    rows[0] = row;
    jpeg_write_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  fclose(out);
  free(row);
  return 0;
}
