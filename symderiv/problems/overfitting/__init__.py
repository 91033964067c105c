"""Exercise sheet 001, Aufgabe 11: training with few images (overfitting), Adam, the best
accuracy; on scikit-learn's 8x8 digits, with the commands for CIFAR-10."""
