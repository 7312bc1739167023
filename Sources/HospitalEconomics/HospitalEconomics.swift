/// The pure economics model of a meta-hospital.
