package io.resnextexplorer.heatmap;

/**
 * The first principal projection of a small centred matrix, through the eigenvectors of its smaller
 * Gram matrix (cyclic Jacobi: exact to double precision, no iteration-count guesswork when the top
 * two eigenvalues are close, which power iteration would need).
 */
final class SymmetricEigen {
    private SymmetricEigen() {}

    /**
     * For X (n rows x m columns, centred columns), returns X v1 where v1 is the first right
     * singular vector: the scores of each row on the first principal component (sign arbitrary).
     */
    static double[] firstProjection(double[][] x) {
        int n = x.length;
        int m = n == 0 ? 0 : x[0].length;
        if (n == 0 || m == 0) {
            return new double[n];
        }
        if (n <= m) {
            // G = X X^T (n x n); its top eigenvector u gives X v1 = sigma u.
            double[][] g = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < m; k++) {
                        s += x[i][k] * x[j][k];
                    }
                    g[i][j] = s;
                    g[j][i] = s;
                }
            }
            double[][] vec = new double[n][];
            double[] val = jacobi(g, vec);
            int top = argmax(val);
            double sigma = Math.sqrt(Math.max(0, val[top]));
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = sigma * vec[top][i];
            }
            return p;
        }
        double[][] cov = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += x[i][a] * x[i][b];
                }
                cov[a][b] = s;
                cov[b][a] = s;
            }
        }
        double[][] vec = new double[m][];
        double[] val = jacobi(cov, vec);
        double[] v = vec[argmax(val)];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += x[i][k] * v[k];
            }
            p[i] = s;
        }
        return p;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Eigenvalues of the symmetric matrix {@code a} (destroyed); {@code vectors[i]} receives the
     * unit eigenvector of value i.
     */
    static double[] jacobi(double[][] a, double[][] vectors) {
        int n = a.length;
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += a[i][i] * a[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-30 * Math.max(diag, Double.MIN_NORMAL)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t =
                            Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
            double[] col = new double[n];
            for (int k = 0; k < n; k++) {
                col[k] = v[k][i];
            }
            vectors[i] = col;
        }
        return values;
    }
}
